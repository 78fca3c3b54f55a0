/**
 * What API Gateway HTTP APIs and Lambda function URLs do between an HTTP request and a function:
 * choose the route ({@link dev.gust.gateway.RouteTable}), build the Lambda proxy event in payload
 * format 2.0 or 1.0 ({@link dev.gust.gateway.HttpApiEvents}), turn the function's result into an
 * HTTP response ({@link dev.gust.gateway.HttpApiResponses}) and answer CORS ({@link
 * dev.gust.gateway.CorsPolicy}).
 *
 * <p>Pure logic: no server, no clock, no I/O. The HTTP front decodes the wire into a {@link
 * dev.gust.gateway.GatewayRequest} (with the time and request id it chose), calls these functions,
 * invokes the function, and writes the {@link dev.gust.gateway.GatewayResponse} back. A typical
 * exchange:
 *
 * <pre>{@code
 * Optional<GatewayResponse> pre = cors.flatMap(c -> CorsPolicy.preflight(c, request));
 * if (pre.isPresent()) return pre.get();
 * RouteMatch m = routes.match(request.method(), request.rawPath()).orElse(null);
 * if (m == null) return HttpApiResponses.notFound();
 * EventContext ctx = EventContext.forRoute(m, stage, apiId, account, prefix);
 * byte[] event = HttpApiEvents.v2(request, ctx);       // invoke the function with it
 * GatewayResponse out =
 *     failed ? HttpApiResponses.functionError() : HttpApiResponses.fromV2(result);
 * return cors.map(c -> CorsPolicy.apply(c, request, out)).orElse(out);
 * }</pre>
 *
 * <p>Wire formats follow AWS's documentation ("Create AWS Lambda proxy integrations for HTTP APIs",
 * "Create routes for HTTP APIs", "Invoking Lambda function URLs", "Configure CORS for HTTP APIs").
 * Where the documentation is silent, the class that decides says so in its comment.
 */
package dev.gust.gateway;
