/** The JSR-107 (JCache) provider of dsync. */
package io.dsync.jcache;
