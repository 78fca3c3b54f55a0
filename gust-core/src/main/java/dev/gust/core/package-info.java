/**
 * Gust's domain: functions, versions, aliases, invocations and limits, the business rules that
 * govern them ({@link dev.gust.core.FunctionRegistry}), and the ports through which the rest of
 * the platform plugs in storage ({@link dev.gust.core.RegistryStore}, {@link
 * dev.gust.core.CodeStore}), sandboxes ({@link dev.gust.core.Sandbox}), logs and metering.
 *
 * <p>This package depends on the JDK only. Every other module points inward to it.
 */
package dev.gust.core;
