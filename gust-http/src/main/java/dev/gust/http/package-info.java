/**
 * Gust's public HTTP front: the AWS Lambda control-plane API (restJson1, 2015-03-31 and
 * friends), Invoke, Gust's own endpoints under {@code /gust/v1}, and Amazon SQS over the AWS JSON
 * 1.0 protocol on {@code POST /} ({@link dev.gust.http.SqsApi}, with SQS's own error shape).
 *
 * <p>Handlers are thin: they decode and validate the whole request ({@link
 * dev.gust.http.Request}), call one service, and encode Lambda's JSON shapes ({@link
 * dev.gust.http.LambdaShapes}). One mapper ({@link dev.gust.http.Errors}) turns exceptions into
 * Lambda's error responses: status, {@code x-amzn-ErrorType} and a {@code {Type, message}} body.
 *
 * <p>Server: the JDK's {@code com.sun.net.httpserver} with a virtual thread per exchange. Measured
 * on the 2-core development machine at about 70k hello requests/s, it is not our bottleneck,
 * and it adds no dependency.
 */
package dev.gust.http;
