package org.acpmerchant.platform.axon;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;
import org.axonframework.eventhandling.Segment;
import org.axonframework.eventhandling.TrackingToken;
import org.axonframework.eventhandling.tokenstore.TokenStore;
import org.axonframework.eventhandling.tokenstore.UnableToClaimTokenException;

/**
 * A token store that writes an idle segment's claim at most once per {@code refresh}. A tracking thread asks to
 * extend its claim every time its wait for events times out (every {@code claim-extension}: see
 * {@link StreamingProcessors}); each extension is a committed UPDATE, so eleven idle segments cost
 * eleven synchronous WAL flushes a second. Storing a token or claiming one also counts as a refresh. The claim stays
 * valid while {@code refresh} is well below the claim timeout; a claim taken over by another node is noticed at the
 * next real write, as with Axon's own interval.
 */
public final class SparingClaimTokenStore implements TokenStore {

    private final TokenStore delegate;
    private final long refreshNanos;
    private final LongSupplier clock;
    private final Map<String, Long> lastWrite = new ConcurrentHashMap<>();

    public SparingClaimTokenStore(TokenStore delegate, Duration refresh) {
        this(delegate, refresh, System::nanoTime);
    }

    SparingClaimTokenStore(TokenStore delegate, Duration refresh, LongSupplier clock) {
        this.delegate = delegate;
        this.refreshNanos = refresh.toNanos();
        this.clock = clock;
    }

    @Override
    public void extendClaim(String processorName, int segment) throws UnableToClaimTokenException {
        String key = key(processorName, segment);
        Long last = lastWrite.get(key);
        long now = clock.getAsLong();
        if (last != null && now - last < refreshNanos) {
            return;
        }
        delegate.extendClaim(processorName, segment);
        lastWrite.put(key, now);
    }

    @Override
    public void storeToken(TrackingToken token, String processorName, int segment) throws UnableToClaimTokenException {
        delegate.storeToken(token, processorName, segment);
        lastWrite.put(key(processorName, segment), clock.getAsLong());
    }

    @Override
    public TrackingToken fetchToken(String processorName, int segment) throws UnableToClaimTokenException {
        TrackingToken token = delegate.fetchToken(processorName, segment);
        lastWrite.put(key(processorName, segment), clock.getAsLong());
        return token;
    }

    @Override
    public TrackingToken fetchToken(String processorName, Segment segment) throws UnableToClaimTokenException {
        TrackingToken token = delegate.fetchToken(processorName, segment);
        lastWrite.put(key(processorName, segment.getSegmentId()), clock.getAsLong());
        return token;
    }

    @Override
    public void releaseClaim(String processorName, int segment) {
        lastWrite.remove(key(processorName, segment));
        delegate.releaseClaim(processorName, segment);
    }

    @Override
    public void deleteToken(String processorName, int segment) throws UnableToClaimTokenException {
        lastWrite.remove(key(processorName, segment));
        delegate.deleteToken(processorName, segment);
    }

    @Override
    public void initializeTokenSegments(String processorName, int segmentCount) throws UnableToClaimTokenException {
        delegate.initializeTokenSegments(processorName, segmentCount);
    }

    @Override
    public void initializeTokenSegments(String processorName, int segmentCount, TrackingToken initialToken)
            throws UnableToClaimTokenException {
        delegate.initializeTokenSegments(processorName, segmentCount, initialToken);
    }

    @Override
    public void initializeSegment(TrackingToken token, String processorName, int segment) {
        delegate.initializeSegment(token, processorName, segment);
    }

    @Override
    public boolean requiresExplicitSegmentInitialization() {
        return delegate.requiresExplicitSegmentInitialization();
    }

    @Override
    public int[] fetchSegments(String processorName) {
        return delegate.fetchSegments(processorName);
    }

    @Override
    public List<Segment> fetchAvailableSegments(String processorName) {
        return delegate.fetchAvailableSegments(processorName);
    }

    @Override
    public Optional<String> retrieveStorageIdentifier() {
        return delegate.retrieveStorageIdentifier();
    }

    private static String key(String processorName, int segment) {
        return processorName + '\u0000' + segment;
    }
}
