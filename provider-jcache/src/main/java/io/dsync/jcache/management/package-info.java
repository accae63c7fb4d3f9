/** JSR-107 management: the configuration and statistics MXBeans and their registration. */
package io.dsync.jcache.management;
