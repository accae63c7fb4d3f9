/** Cache entry events and their delivery to registered JCache listeners. */
package io.dsync.jcache.event;
