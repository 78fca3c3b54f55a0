/**
 * Event source mappings: Lambda's way of invoking functions with what arrives in a queue, over
 * Gust's own queues ({@link dev.gust.queue.QueueService}).
 *
 * <p>{@link dev.gust.triggers.EventSourceMappings} holds the mappings (Lambda's create, get, list,
 * update and delete, validated whole, stored through {@link
 * dev.gust.core.EventSourceMappingStore}) and one runner per enabled mapping. A runner's workers
 * long-poll the queue, gather batches (up to {@code BatchSize}, within {@code
 * MaximumBatchingWindowInSeconds}, under 6 MB), drop what the {@link
 * dev.gust.triggers.FilterCriteria} does not admit, build Lambda's SQS event, invoke the function
 * through a {@link dev.gust.triggers.FunctionInvoker}, and acknowledge: all on success, none on a
 * function error, all but the reported {@code batchItemFailures} with {@code
 * ReportBatchItemFailures}.
 *
 * <p>Threads: each worker is a thread from the injected factory (virtual threads in the server),
 * one per batch in flight, between one and the mapping's maximum concurrency per enabled mapping.
 * A worker parks in the queue's long poll while there is nothing to read. See {@code
 * MappingRunner} for the scaling rules and the lock.
 *
 * <p>Depends on {@code gust-core}, {@code gust-queue} and Jackson; not on the invocation pipeline,
 * which the server plugs in as the {@code FunctionInvoker}.
 */
package dev.gust.triggers;
