/**
 * The stored entities whose change is a definition change: the live consumer asks for a
 * recomputation (functions/live/stream-images.ts `definitionChange`), and the consumer's event
 * source mapping passes their stream records (infra/cdk/live-consumer.ts). A goal's change asks for
 * its hierarchies; any other's for the whole tenant. The settings item is one too, found by its key.
 */
export const definitionEntities = ['goal', 'metric', 'unit', 'user', 'exchange-rates'] as const;
