package io.dsync.jcache.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Properties;
import javax.cache.configuration.MutableConfiguration;
import org.junit.jupiter.api.Test;

class DsyncConfigurationTest {

  @Test
  void defaults_unboundedLocalStoreByValue() {
    DsyncConfiguration<String, String> c = new DsyncConfiguration<>();
    assertThat(c.getCapacity()).isEqualTo(DsyncConfiguration.UNBOUNDED);
    assertThat(c.getCoherenceMode()).isEqualTo(CoherenceMode.LOCAL);
    assertThat(c.isStoreByValue()).isTrue();
    assertThat(c.getTicker()).isSameAs(Ticker.SYSTEM);
    assertThat(c.getExecutor()).isNull();
  }

  @Test
  void copy_keepsJsr107AndDsyncSettings() {
    DsyncConfiguration<String, Integer> c = new DsyncConfiguration<>();
    c.setTypes(String.class, Integer.class);
    c.setStoreByValue(false);
    c.setCapacity(42).setCoherenceMode(CoherenceMode.MESI);
    DsyncConfiguration<String, Integer> copy = new DsyncConfiguration<>(c);
    assertThat(copy.getKeyType()).isEqualTo(String.class);
    assertThat(copy.isStoreByValue()).isFalse();
    assertThat(copy.getCapacity()).isEqualTo(42);
    assertThat(copy.getCoherenceMode()).isEqualTo(CoherenceMode.MESI);
    assertThat(copy).isEqualTo(c);
  }

  @Test
  void copyOfPlainConfiguration_getsDefaults() {
    MutableConfiguration<String, String> plain = new MutableConfiguration<>();
    plain.setStatisticsEnabled(true);
    DsyncConfiguration<String, String> copy = new DsyncConfiguration<>(plain);
    assertThat(copy.isStatisticsEnabled()).isTrue();
    assertThat(copy.getCapacity()).isEqualTo(DsyncConfiguration.UNBOUNDED);
  }

  @Test
  void negativeCapacity_rejected() {
    assertThatThrownBy(() -> new DsyncConfiguration<>().setCapacity(-5))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("capacity")
        .hasMessageContaining("-5");
  }

  @Test
  void nullSettings_rejected() {
    DsyncConfiguration<Object, Object> c = new DsyncConfiguration<>();
    assertThatThrownBy(() -> c.setTicker(null)).isInstanceOf(NullPointerException.class);
    assertThatThrownBy(() -> c.setExecutor(null)).isInstanceOf(NullPointerException.class);
    assertThatThrownBy(() -> c.setCoherenceMode(null)).isInstanceOf(NullPointerException.class);
  }

  @Test
  void properties_applied() {
    Properties p = new Properties();
    p.setProperty(DsyncConfiguration.CAPACITY_PROPERTY, " 1000 ");
    p.setProperty(DsyncConfiguration.COHERENCE_PROPERTY, "mesi");
    DsyncConfiguration<Object, Object> c = new DsyncConfiguration<>().applyProperties(p);
    assertThat(c.getCapacity()).isEqualTo(1000);
    assertThat(c.getCoherenceMode()).isEqualTo(CoherenceMode.MESI);
  }

  @Test
  void badCapacityProperty_namesPropertyAndValue() {
    Properties p = new Properties();
    p.setProperty(DsyncConfiguration.CAPACITY_PROPERTY, "lots");
    assertThatThrownBy(() -> new DsyncConfiguration<>().applyProperties(p))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining(DsyncConfiguration.CAPACITY_PROPERTY)
        .hasMessageContaining("lots");
    p.setProperty(DsyncConfiguration.CAPACITY_PROPERTY, "-1");
    assertThatThrownBy(() -> new DsyncConfiguration<>().applyProperties(p))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("-1");
  }

  @Test
  void badCoherenceProperty_listsAcceptedValues() {
    Properties p = new Properties();
    p.setProperty(DsyncConfiguration.COHERENCE_PROPERTY, "moesi");
    assertThatThrownBy(() -> new DsyncConfiguration<>().applyProperties(p))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("moesi")
        .hasMessageContaining("local, mesi");
  }

  @Test
  void coherenceParse_ignoresCaseAndBlanks() {
    assertThat(CoherenceMode.parse(" Local ")).isEqualTo(CoherenceMode.LOCAL);
    assertThatThrownBy(() -> CoherenceMode.parse(null)).isInstanceOf(IllegalArgumentException.class);
  }
}
