/**
 * The {@code gust} command-line client: picocli commands ({@code deploy}, {@code invoke}, {@code
 * ls}, {@code rm}, {@code versions}, {@code alias}, {@code routes}, {@code url}, {@code logs},
 * {@code usage}) over a small HTTP client of Gust's public API, which is AWS Lambda's REST API
 * (function URLs included) plus a few {@code /gust/v1} endpoints (logs, usage, HTTP API routes).
 *
 * <p>{@code gust deploy} reads a folder's {@code gust.yaml} ({@link dev.gust.cli.DeploySpec}, its
 * {@code events} in {@link dev.gust.cli.Events}) and validates all of it before building; the
 * routes and function URLs the events list are reconciled after the upload ({@link
 * dev.gust.cli.EventPlan}).
 *
 * <p>{@link dev.gust.cli.GustCli} is the only public type: the server module adds its own {@code
 * server} subcommand to {@link dev.gust.cli.GustCli#commandLine()}. Everything else is
 * package-private.
 *
 * <p>This module depends on no other Gust module: it talks to the server over HTTP only, so it can
 * be shipped and versioned on its own. It uses {@link java.net.HttpURLConnection} rather than
 * {@code java.net.http.HttpClient}, whose first use costs hundreds of milliseconds, and it does no
 * work in static initialisers, so that {@code gust --help} starts quickly.
 *
 * <p>Exit codes: 0 on success, 1 when the server or the function reports an error, 2 for usage
 * errors.
 */
package dev.gust.cli;
