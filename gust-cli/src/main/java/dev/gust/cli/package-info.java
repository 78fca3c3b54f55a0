/**
 * The {@code gust} command-line client: picocli commands ({@code deploy}, {@code invoke}, {@code
 * ls}, {@code rm}, {@code versions}, {@code alias}, {@code logs}, {@code usage}) over a small HTTP
 * client of Gust's public API, which is AWS Lambda's REST API plus a few {@code /gust/v1}
 * endpoints.
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
