package io.dsync.ring;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

class Hash64Test {

  @Test
  void knownVectors_matchXxh64() {
    assertThat(Hash64.hash(new byte[0])).isEqualTo(0xEF46DB3751D8E999L);
    assertThat(Hash64.hash("abc")).isEqualTo(0x44BC2CF5AD770999L);
  }

  @Test
  void everyLengthPath_isDeterministicAndDistinct() {
    Set<Long> seen = new HashSet<>();
    byte[] data = "the quick brown fox jumps over the lazy dog, twice over and again"
        .getBytes(StandardCharsets.UTF_8);
    for (int len = 0; len <= data.length; len++) {
      byte[] slice = java.util.Arrays.copyOf(data, len);
      long h = Hash64.hash(slice);
      assertThat(Hash64.hash(slice.clone())).isEqualTo(h);
      seen.add(h);
    }
    assertThat(seen).hasSize(data.length + 1);
  }

  @Test
  void oneBitChange_flipsAboutHalfTheBits() {
    long total = 0;
    int samples = 2000;
    for (int i = 0; i < samples; i++) {
      byte[] a = ("key-" + i).getBytes(StandardCharsets.UTF_8);
      byte[] b = a.clone();
      b[b.length - 1] ^= 1;
      total += Long.bitCount(Hash64.hash(a) ^ Hash64.hash(b));
    }
    assertThat(total / (double) samples).isBetween(28.0, 36.0);
  }
}
