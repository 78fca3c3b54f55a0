package dev.gust.core;

/**
 * Paths as the sandboxed process sees them.
 *
 * @param taskRoot where the function's code is ({@code LAMBDA_TASK_ROOT})
 * @param runtimeDir where Gust's bootstrap for the runtime is ({@code LAMBDA_RUNTIME_DIR})
 * @param tmpDir the instance's writable scratch directory ({@code /tmp})
 */
public record SandboxView(String taskRoot, String runtimeDir, String tmpDir) {}
