package dev.zoetrope.devstack;

import dev.zoetrope.common.testing.TestInfra;

/** Every TCP port the stack listens on, all bound to 127.0.0.1. */
public record Ports(
    int postgres,
    int kafka,
    int kafkaController,
    int redis,
    int s3,
    int gateway,
    int generation,
    int worker,
    int moderation,
    int cameo,
    int media,
    int feed) {

  /** The fixed ports of the one-machine platform (the services' application.yml defaults). */
  public static Ports defaults() {
    return new Ports(15432, 19092, 19093, 16379, 19000, 8080, 8081, 8091, 8082, 8083, 8084, 8085);
  }

  /** Free ports, for tests that may run beside a developer's stack. */
  public static Ports random() {
    return new Ports(
        TestInfra.freePort(),
        TestInfra.freePort(),
        TestInfra.freePort(),
        TestInfra.freePort(),
        TestInfra.freePort(),
        TestInfra.freePort(),
        TestInfra.freePort(),
        TestInfra.freePort(),
        TestInfra.freePort(),
        TestInfra.freePort(),
        TestInfra.freePort(),
        TestInfra.freePort());
  }
}
