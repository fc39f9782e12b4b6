/**
 * {@code ./iotstream alerts}: follows the alerts topic (or the dead-letter topic) and prints one line per record;
 * the reference consumer for services that read alerts.
 */
package io.iotstream.tools.alerts;
