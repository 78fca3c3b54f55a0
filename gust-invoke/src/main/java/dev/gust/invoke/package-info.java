/**
 * The invocation pipeline: from a validated Invoke request to a Lambda-shaped response.
 *
 * <p>{@link dev.gust.invoke.InvocationService} resolves the qualifier (alias weights included),
 * checks the payload, hands the invocation to the instance manager, and then writes the
 * invocation's log ({@code START}, the function's output, {@code END}, {@code REPORT}) and its
 * metering record. {@link dev.gust.invoke.DurableAsyncInvoker} runs {@code Event} invocations in the
 * background, waiting out throttles and retrying function errors.
 */
package dev.gust.invoke;
