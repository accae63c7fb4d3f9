package io.dsync.tck.jcache;

import javax.management.MBeanServer;
import javax.management.MBeanServerBuilder;
import javax.management.MBeanServerDelegate;

/**
 * An {@link MBeanServerBuilder} whose servers report the agent id named by the system property
 * {@code org.jsr107.tck.management.agentId}, as the JSR-107 TCK's management tests require
 * (they find the server with {@code MBeanServerFactory.findMBeanServer(agentId)}). Selected with
 * {@code -Djavax.management.builder.initial=io.dsync.tck.jcache.TckMBeanServerBuilder}.
 */
public final class TckMBeanServerBuilder extends MBeanServerBuilder {

  /** Creates the builder; the JMX runtime instantiates it reflectively. */
  public TckMBeanServerBuilder() {}

  @Override
  public MBeanServer newMBeanServer(String defaultDomain, MBeanServer outer, MBeanServerDelegate delegate) {
    return super.newMBeanServer(defaultDomain, outer, new AgentIdDelegate());
  }

  @Override
  public MBeanServerDelegate newMBeanServerDelegate() {
    return new AgentIdDelegate();
  }

  /** A delegate reporting the configured agent id. */
  private static final class AgentIdDelegate extends MBeanServerDelegate {
    @Override
    public String getMBeanServerId() {
      return System.getProperty("org.jsr107.tck.management.agentId", super.getMBeanServerId());
    }
  }
}
