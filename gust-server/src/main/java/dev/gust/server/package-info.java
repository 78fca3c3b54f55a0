/**
 * The server: configuration, discovery of the host's interpreters, extraction of Gust's runtime
 * bootstraps, and the wiring of every module into one process ({@link
 * dev.gust.server.GustServer}). The only module that sees everything, and the only one that reads
 * the environment.
 */
package dev.gust.server;
