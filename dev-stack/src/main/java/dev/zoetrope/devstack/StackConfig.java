package dev.zoetrope.devstack;

import java.nio.file.Path;

/**
 * Where the stack runs from and keeps its data.
 *
 * @param root the repository root (service jars are found under {@code <module>/target})
 * @param dataDir data of every server, logs and generated secrets; kept across restarts
 * @param ports where everything listens
 */
public record StackConfig(Path root, Path dataDir, Ports ports) {}
