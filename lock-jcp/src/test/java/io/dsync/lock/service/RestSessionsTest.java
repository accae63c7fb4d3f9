package io.dsync.lock.service;

import static org.assertj.core.api.Assertions.assertThat;

import io.dsync.lock.core.InvocationId;
import org.junit.jupiter.api.Test;

class RestSessionsTest {

  @Test
  void sessionOfAClient_isTheSameOnEveryNode() {
    assertThat(new RestSessions().sessionOf("alice")).isEqualTo(new RestSessions().sessionOf("alice"))
        .isNotEqualTo(new RestSessions().sessionOf("bob"));
  }

  @Test
  void sequences_growStrictly_andKeepTheNodeSalt() {
    RestSessions node = new RestSessions();
    long s = node.sessionOf("alice");
    long last = 0;
    long salt = -1;
    for (int i = 0; i < 10_000; i++) {
      InvocationId inv = node.next(s);
      assertThat(inv.sequence()).isGreaterThan(last);
      if (salt < 0) {
        salt = inv.sequence() % 256;
      }
      assertThat(inv.sequence() % 256).isEqualTo(salt);
      last = inv.sequence();
    }
    assertThat(node.clientOf(s)).contains("alice");
  }
}
