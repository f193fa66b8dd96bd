/**
 * What the console needs that tenant-admin does not offer: small interfaces (ports) with plain
 * records, implemented by the assembling application (platform-api) over billing, metering, the
 * node registry and the audit log. Every port is optional at run time: a page whose port has no
 * bean says the feature is not available instead of failing.
 */
package dev.lmaas.platform.ui.port;
