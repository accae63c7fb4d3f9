/**
 * JNDI support: {@link io.dsync.jms.jndi.DsyncInitialContextFactory} lets {@code
 * jndi.properties} name dsync's connection factory and destinations, so existing applications
 * switch provider by configuration alone.
 */
package io.dsync.jms.jndi;
