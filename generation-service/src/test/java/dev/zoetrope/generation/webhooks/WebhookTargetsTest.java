package dev.zoetrope.generation.webhooks;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.net.URI;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class WebhookTargetsTest {

  @ParameterizedTest
  @ValueSource(
      strings = {
        "127.0.0.1",
        "10.1.2.3",
        "172.16.0.1",
        "192.168.1.1",
        "169.254.169.254",
        "100.64.0.1",
        "0.0.0.0",
        "::1",
        "fd00::1",
        "fe80::1",
        "::ffff:10.0.0.1"
      })
  void internalAddressesAreRefused(String address) throws Exception {
    assertThat(WebhookTargets.isPrivate(InetAddress.getByName(address))).isTrue();
  }

  @ParameterizedTest
  @ValueSource(strings = {"93.184.216.34", "8.8.8.8", "2606:4700::1111"})
  void publicAddressesAreAllowed(String address) throws Exception {
    assertThat(WebhookTargets.isPrivate(InetAddress.getByName(address))).isFalse();
  }

  @ParameterizedTest
  @ValueSource(strings = {"http://localhost/hook", "http://127.0.0.1:9/x", "https://[::1]/x"})
  void loopbackNamesResolveToPrivate(String url) {
    assertThat(WebhookTargets.resolvesToPrivate(URI.create(url))).isTrue();
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "",
        "ftp://example.com/x",
        "example.com/hook",
        "http://user:pw@example.com/x",
        "http://example.com/x#frag",
        "http://exa mple.com/"
      })
  void malformedUrlsAreRefused(String url) {
    assertThat(WebhookTargets.syntaxProblem(url)).isPresent();
  }

  @ParameterizedTest
  @ValueSource(strings = {"https://example.com/hook", "http://hooks.example.com:8443/a?b=c"})
  void webUrlsAreAccepted(String url) {
    assertThat(WebhookTargets.syntaxProblem(url)).isEmpty();
  }
}
