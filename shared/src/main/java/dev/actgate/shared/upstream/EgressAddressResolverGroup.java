package dev.actgate.shared.upstream;

import dev.actgate.shared.egress.EgressPolicy;
import io.netty.resolver.AbstractAddressResolver;
import io.netty.resolver.AddressResolver;
import io.netty.resolver.AddressResolverGroup;
import io.netty.util.concurrent.EventExecutor;
import io.netty.util.concurrent.Promise;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;

/**
 * The Netty client's address resolver: every connect the HTTP client makes (each attempt, each redirect hop, each
 * new pooled connection) resolves its host here, and only addresses the {@link EgressPolicy} accepts come back to
 * be dialled. An address that is already resolved is checked too, never passed through.
 */
final class EgressAddressResolverGroup extends AddressResolverGroup<InetSocketAddress> {
    private final EgressPolicy policy;

    EgressAddressResolverGroup(EgressPolicy policy) {
        this.policy = policy;
    }

    @Override
    protected AddressResolver<InetSocketAddress> newResolver(EventExecutor executor) {
        return new AbstractAddressResolver<>(executor, InetSocketAddress.class) {
            @Override
            protected boolean doIsResolved(InetSocketAddress address) {
                return false;   // always through doResolve: nothing reaches connect() unchecked
            }

            @Override
            protected void doResolve(InetSocketAddress address, Promise<InetSocketAddress> promise) {
                try {
                    List<InetAddress> all = checked(address);
                    promise.setSuccess(new InetSocketAddress(all.get(0), address.getPort()));
                } catch (Exception e) {
                    promise.setFailure(e);
                }
            }

            @Override
            protected void doResolveAll(InetSocketAddress address, Promise<List<InetSocketAddress>> promise) {
                try {
                    List<InetSocketAddress> out = new ArrayList<>();
                    for (InetAddress a : checked(address)) {
                        out.add(new InetSocketAddress(a, address.getPort()));
                    }
                    promise.setSuccess(out);
                } catch (Exception e) {
                    promise.setFailure(e);
                }
            }
        };
    }

    private List<InetAddress> checked(InetSocketAddress address) throws java.net.UnknownHostException {
        String host = address.getHostString();
        List<InetAddress> all = address.isUnresolved() ? policy.resolve(host, address.getPort())
            : policy.check(host, address.getPort(), List.of(address.getAddress()));
        for (InetAddress a : all) {
            EgressPolicy.dialGuard(host, a);
        }
        return all;
    }
}
