package io.dsync.admin;

import io.dsync.spi.AdminRegistry;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

/**
 * The node's {@link AdminRegistry}: collects what services register while they start, and is
 * frozen when the admin server starts (later calls fail with {@link IllegalStateException}).
 * Thread-safe.
 */
public final class AdminExtensions implements AdminRegistry {
  private final List<Object> resources = new ArrayList<>();
  private final Map<String, Supplier<?>> statusSections = new LinkedHashMap<>();
  private final Map<String, BooleanSupplier> healthChecks = new LinkedHashMap<>();
  private Supplier<String> role = () -> "member";
  private boolean frozen;

  @Override
  public synchronized void register(Object resource) {
    requireOpen();
    resources.add(Objects.requireNonNull(resource, "resource"));
  }

  @Override
  public synchronized void addStatus(String name, Supplier<?> supplier) {
    requireOpen();
    if (statusSections.putIfAbsent(name, Objects.requireNonNull(supplier, "supplier")) != null) {
      throw new IllegalArgumentException("a status section is named '" + name + "' already");
    }
  }

  @Override
  public synchronized void addHealthCheck(String name, BooleanSupplier healthy) {
    requireOpen();
    if (healthChecks.putIfAbsent(name, Objects.requireNonNull(healthy, "healthy")) != null) {
      throw new IllegalArgumentException("a health check is named '" + name + "' already");
    }
  }

  @Override
  public synchronized void setRole(Supplier<String> role) {
    requireOpen();
    this.role = Objects.requireNonNull(role, "role");
  }

  private void requireOpen() {
    if (frozen) {
      throw new IllegalStateException(
          "the admin server has started: register admin resources in NodeService.start");
    }
  }

  synchronized void freeze() {
    frozen = true;
  }

  synchronized List<Object> resources() {
    return List.copyOf(resources);
  }

  synchronized Map<String, Supplier<?>> statusSections() {
    return new LinkedHashMap<>(statusSections);
  }

  synchronized Map<String, BooleanSupplier> healthChecks() {
    return new LinkedHashMap<>(healthChecks);
  }

  synchronized Supplier<String> role() {
    return role;
  }
}
