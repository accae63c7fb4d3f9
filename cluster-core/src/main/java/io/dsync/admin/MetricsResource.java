package io.dsync.admin;

import io.micrometer.core.instrument.Measurement;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.Tag;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** {@code GET /metrics} (JSON) and {@code GET /metrics/prometheus} (Prometheus text). */
@Path("/metrics")
public final class MetricsResource {
  /** Prometheus text exposition format 0.0.4. */
  public static final String PROMETHEUS_TEXT = "text/plain; version=0.0.4; charset=utf-8";

  private final PrometheusMeterRegistry registry;

  MetricsResource(PrometheusMeterRegistry registry) {
    this.registry = registry;
  }

  /** Every meter: name, type, tags and its measurements, sorted by name. */
  @GET
  @Produces(MediaType.APPLICATION_JSON)
  public Map<String, Object> json() {
    List<Meter> meters = new ArrayList<>(registry.getMeters());
    meters.sort(Comparator.comparing((Meter m) -> m.getId().getName())
        .thenComparing(m -> m.getId().getTags().toString()));
    List<Map<String, Object>> out = new ArrayList<>();
    for (Meter meter : meters) {
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("name", meter.getId().getName());
      m.put("type", meter.getId().getType().name().toLowerCase(java.util.Locale.ROOT));
      if (meter.getId().getBaseUnit() != null) {
        m.put("unit", meter.getId().getBaseUnit());
      }
      Map<String, String> tags = new LinkedHashMap<>();
      for (Tag tag : meter.getId().getTags()) {
        tags.put(tag.getKey(), tag.getValue());
      }
      m.put("tags", tags);
      Map<String, Object> values = new LinkedHashMap<>();
      for (Measurement measurement : meter.measure()) {
        double v = measurement.getValue();
        values.put(measurement.getStatistic().name().toLowerCase(java.util.Locale.ROOT),
            Double.isFinite(v) ? v : null);
      }
      m.put("measurements", values);
      out.add(m);
    }
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("meters", out);
    return body;
  }

  /** The Prometheus scrape. */
  @GET
  @Path("prometheus")
  @Produces(PROMETHEUS_TEXT)
  public String prometheus() {
    return registry.scrape();
  }
}
