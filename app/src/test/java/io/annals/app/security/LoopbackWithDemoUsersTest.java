package io.annals.app.security;

import io.annals.app.test.EndToEndTest;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.boot.tomcat.TomcatWebServer;
import org.springframework.boot.web.server.servlet.context.ServletWebServerApplicationContext;

import java.io.IOException;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.NetworkInterface;
import java.net.Socket;
import java.net.SocketException;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The running service with the demo users on (as every end-to-end test has them) and no {@code server.address}
 * accepts connections on loopback only.
 */
@EndToEndTest
class LoopbackWithDemoUsersTest {

    private final int port;
    private final ServletWebServerApplicationContext context;

    LoopbackWithDemoUsersTest(@LocalServerPort int port, ServletWebServerApplicationContext context) {
        this.port = port;
        this.context = context;
    }

    @Test
    void theServiceListensOnLoopbackOnly() throws SocketException {
        Object bound = ((TomcatWebServer) context.getWebServer()).getTomcat().getConnector().getProperty("address");

        assertThat(bound).isInstanceOf(InetAddress.class);
        assertThat(((InetAddress) bound).isLoopbackAddress()).isTrue();
        assertThatCode(() -> connect(InetAddress.getLoopbackAddress())).doesNotThrowAnyException();
        // where the machine has other addresses, they are refused too (the bound address above is the proof)
        nonLoopbackAddresses().forEach(other ->
                assertThatThrownBy(() -> connect(other)).as("%s", other).isInstanceOf(IOException.class));
    }

    private void connect(InetAddress address) throws IOException {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(address, port), 2_000);
        }
    }

    private static List<InetAddress> nonLoopbackAddresses() throws SocketException {
        return NetworkInterface.networkInterfaces()
                .filter(LoopbackWithDemoUsersTest::isUpAndNotLoopback)
                .flatMap(NetworkInterface::inetAddresses)
                .filter(Inet4Address.class::isInstance)
                .toList();
    }

    private static boolean isUpAndNotLoopback(NetworkInterface networkInterface) {
        try {
            return networkInterface.isUp() && !networkInterface.isLoopback();
        } catch (SocketException e) {
            return false;
        }
    }
}
