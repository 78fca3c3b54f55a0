/**
 * The Lambda Runtime API (2018-06-01) as Gust serves it: one {@link
 * dev.gust.runtimeapi.RuntimeEndpoint} per instance, each on its own loopback port, because
 * official runtime clients read {@code AWS_LAMBDA_RUNTIME_API} as a plain host:port.
 *
 * <p>The endpoint speaks a small HTTP/1.1 of its own ({@link dev.gust.runtimeapi.HttpRequest}):
 * keep-alive, Content-Length and chunked bodies with trailers. It hands one invocation at a time
 * to the runtime's long-poll on {@code /next} and completes the invocation's future when the
 * runtime posts a response or an error. Every accepted connection is first checked by a {@link
 * dev.gust.runtimeapi.ConnectionGuard}, so that one instance can never fetch or answer another
 * instance's invocations.
 *
 * <p>Threads: one virtual thread accepts, one virtual thread serves each connection; a runtime
 * waiting on {@code /next} parks its virtual thread on the endpoint's condition.
 */
package dev.gust.runtimeapi;
