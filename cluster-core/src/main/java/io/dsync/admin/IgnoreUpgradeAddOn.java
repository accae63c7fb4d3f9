package io.dsync.admin;

import java.io.IOException;
import org.glassfish.grizzly.filterchain.BaseFilter;
import org.glassfish.grizzly.filterchain.FilterChainBuilder;
import org.glassfish.grizzly.filterchain.FilterChainContext;
import org.glassfish.grizzly.filterchain.FilterChainEvent;
import org.glassfish.grizzly.filterchain.NextAction;
import org.glassfish.grizzly.http.HttpEvents;
import org.glassfish.grizzly.http.server.AddOn;
import org.glassfish.grizzly.http.server.NetworkListener;

/**
 * Serves an upgrade request (such as the JDK HTTP client's {@code Upgrade: h2c}) as plain HTTP/1.1.
 * Without it Grizzly, which has no HTTP/2 here, stops reading the body of an upgrade request and
 * the request times out (a known Grizzly defect); this filter, placed after the HTTP filter,
 * receives the upgrade event nobody else handles, turns body parsing back on and drops the
 * upgrade, so the connection stays a normal keep-alive HTTP/1.1 one.
 */
final class IgnoreUpgradeAddOn implements AddOn {

  @Override
  public void setup(NetworkListener networkListener, FilterChainBuilder builder) {
    builder.add(new BaseFilter() {
      @Override
      public NextAction handleEvent(FilterChainContext ctx, FilterChainEvent event) throws IOException {
        if (event.type() == HttpEvents.IncomingHttpUpgradeEvent.TYPE) {
          org.glassfish.grizzly.http.HttpHeader header =
              ((HttpEvents.IncomingHttpUpgradeEvent) event).getHttpHeader();
          header.setIgnoreContentModifiers(false);
          header.getUpgradeDC().recycle(); // from here on, a plain request
          header.getHeaders().removeHeader(org.glassfish.grizzly.http.util.Header.Upgrade);
          return ctx.getStopAction();
        }
        return ctx.getInvokeAction();
      }
    });
  }
}
