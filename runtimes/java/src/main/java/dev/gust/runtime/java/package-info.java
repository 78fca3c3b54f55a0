/**
 * Gust's Java runtime: the process that runs a Java function inside one instance.
 *
 * <p>{@link dev.gust.runtime.java.Bootstrap} is started by the platform with the function's code on
 * the class path. It loads the handler named by {@code _HANDLER} ({@link
 * dev.gust.runtime.java.HandlerLoader}), then loops on the Lambda Runtime API ({@link
 * dev.gust.runtime.java.RuntimeApiClient}): take an event, call the handler with a Lambda {@code
 * Context}, post the result or the error ({@link dev.gust.runtime.java.ErrorReport}).
 *
 * <p>Start-up time is the design constraint: everything a cold start runs avoids lambdas,
 * invokedynamic string concatenation and {@code java.net.http}, and Jackson (shaded into {@code
 * dev.gust.shaded.jackson}) is only loaded for handlers that take or return objects.
 */
package dev.gust.runtime.java;
