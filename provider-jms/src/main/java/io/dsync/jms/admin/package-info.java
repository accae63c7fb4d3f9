/** The JMS broker's admin REST resources (the report's {@code /queue} API), served by every node. */
package io.dsync.jms.admin;
