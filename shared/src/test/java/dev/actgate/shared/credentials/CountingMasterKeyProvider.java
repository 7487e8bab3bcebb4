package dev.actgate.shared.credentials;

import java.util.concurrent.atomic.AtomicInteger;

/** Counts calls into a real provider, to show what the cipher's cache saves. */
final class CountingMasterKeyProvider implements MasterKeyProvider {
    final MasterKeyProvider delegate;
    final AtomicInteger newDataKeyCalls = new AtomicInteger();
    final AtomicInteger unwrapCalls = new AtomicInteger();

    CountingMasterKeyProvider(MasterKeyProvider delegate) {
        this.delegate = delegate;
    }

    @Override
    public DataKey newDataKey(SecretBinding binding) {
        newDataKeyCalls.incrementAndGet();
        return delegate.newDataKey(binding);
    }

    @Override
    public byte[] unwrap(String keyId, byte[] wrappedKey, SecretBinding binding) {
        unwrapCalls.incrementAndGet();
        return delegate.unwrap(keyId, wrappedKey, binding);
    }
}
