package io.annals.app.security;

import io.annals.app.test.EndToEndTest;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.web.server.LocalServerPort;

import java.io.IOException;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.NetworkInterface;
import java.net.Socket;
import java.net.SocketException;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The running service with the demo users on (as every end-to-end test has them) and no {@code server.address}
 * accepts connections on loopback only.
 */
@EndToEndTest
class LoopbackWithDemoUsersTest {

    private final int port;

    LoopbackWithDemoUsersTest(@LocalServerPort int port) {
        this.port = port;
    }

    @Test
    void theServiceIsReachableOnLoopbackOnly() throws SocketException {
        Optional<InetAddress> otherAddress = nonLoopbackAddress();
        assumeTrue(otherAddress.isPresent(), "this machine has no network address besides loopback");

        assertThatCode(() -> connect(InetAddress.getLoopbackAddress())).doesNotThrowAnyException();
        assertThatThrownBy(() -> connect(otherAddress.get())).isInstanceOf(IOException.class);
    }

    private void connect(InetAddress address) throws IOException {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(address, port), 2_000);
        }
    }

    private static Optional<InetAddress> nonLoopbackAddress() throws SocketException {
        return NetworkInterface.networkInterfaces()
                .filter(LoopbackWithDemoUsersTest::isUpAndNotLoopback)
                .flatMap(NetworkInterface::inetAddresses)
                .filter(Inet4Address.class::isInstance)
                .findFirst();
    }

    private static boolean isUpAndNotLoopback(NetworkInterface networkInterface) {
        try {
            return networkInterface.isUp() && !networkInterface.isLoopback();
        } catch (SocketException e) {
            return false;
        }
    }
}
