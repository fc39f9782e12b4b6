/**
 * The audit trail of promotion decisions: {@link io.iotstream.model.audit.AuditRecord} and its JSON. The records
 * live in the model store beside the model they are about ({@code <name>/audit/}), written and read through
 * {@link io.iotstream.model.store.ModelStore#appendAudit} and {@link io.iotstream.model.store.ModelStore#audit}, so
 * tools without Hadoop (the {@code model audit} command) read what {@code retrain} wrote.
 */
package io.iotstream.model.audit;
