package dev.floorwatch.ingest.service;

/**
 * The 202 answer: {@code accepted} events were published now, {@code duplicates} were already
 * published earlier (or repeated within the request) and were not published again.
 */
public record IngestResult(int accepted, int duplicates) {
}
