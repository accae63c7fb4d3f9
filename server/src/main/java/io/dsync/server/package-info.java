/** Assembly of one runnable dsync node with every service plugin on its class path. */
package io.dsync.server;
