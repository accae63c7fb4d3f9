/**
 * The node's HTTP admin server (Jersey on Grizzly, JSON with Jackson): core resources ({@code
 * /status}, {@code /health}, {@code /cluster}, {@code /metrics}, {@code /metrics/prometheus},
 * {@code /openapi.yaml}), the registry services add resources to, one JSON error shape, and the
 * bearer-token guard required beyond loopback.
 */
package io.dsync.admin;
