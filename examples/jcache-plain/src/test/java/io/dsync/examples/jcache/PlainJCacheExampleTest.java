package io.dsync.examples.jcache;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class PlainJCacheExampleTest {

  @Test
  void run_usesDsyncFoundOnTheClassPath() {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    String provider = PlainJCacheExample.run(new PrintStream(bytes, true, StandardCharsets.UTF_8));
    String out = bytes.toString(StandardCharsets.UTF_8);
    assertThat(provider).isEqualTo("io.dsync.jcache.DsyncCachingProvider");
    assertThat(out).contains("en -> Hello").contains("fr -> BONJOUR").contains("de present? false");
  }
}
