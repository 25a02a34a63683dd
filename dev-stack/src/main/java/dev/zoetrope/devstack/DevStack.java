package dev.zoetrope.devstack;

import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import java.util.concurrent.CountDownLatch;

/**
 * {@code java dev.zoetrope.devstack.DevStack [data-dir]}: runs the whole platform on this machine
 * until Ctrl-C, then stops every process cleanly. Data stays in {@code data-dir} (default {@code
 * .zoetrope}), so the next start finds it again.
 */
public final class DevStack {
  private DevStack() {}

  public static void main(String[] args) throws InterruptedException {
    Path root = Path.of("").toAbsolutePath();
    Path data = root.resolve(args.length > 0 ? args[0] : ".zoetrope").toAbsolutePath();
    System.out.println("Starting Zoetrope; data in " + data + ", logs in " + data.resolve("logs"));
    Stack stack = Stack.start(new StackConfig(root, data, Ports.defaults()));
    long readyMillis =
        System.currentTimeMillis() - ManagementFactory.getRuntimeMXBean().getStartTime();
    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () -> {
                  System.out.println("Stopping Zoetrope...");
                  // The stack's own hook may be stopping it already: this waits for that.
                  stack.close();
                  stopped.countDown();
                }));
    System.out.printf(
        "Zoetrope is up after %.1f s: %s (OpenAPI: %s/v3/api-docs). Ctrl-C stops it.%n",
        readyMillis / 1000.0, stack.gatewayUrl(), stack.gatewayUrl());
    stopped.await();
  }
}
