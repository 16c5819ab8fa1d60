/** Axon's event processors: pooled streaming processors, their token and saga stores, node name, tuning and metrics. */
package io.annals.app.processor;
