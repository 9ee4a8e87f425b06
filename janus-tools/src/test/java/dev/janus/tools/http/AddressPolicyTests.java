package dev.janus.tools.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** Addresses are built from literals: nothing here resolves names or opens connections. */
class AddressPolicyTests {

    private final AddressPolicy policy = new AddressPolicy(false);

    @ParameterizedTest(name = "{0} is {1}")
    @CsvSource({
            "127.0.0.1, a loopback address",
            "127.8.9.10, a loopback address",
            "::1, a loopback address",
            "0.0.0.0, the wildcard address",
            "::, the wildcard address",
            "10.1.2.3, a private address",
            "172.16.0.1, a private address",
            "172.31.255.255, a private address",
            "192.168.1.1, a private address",
            "169.254.169.254, a link-local address",
            "fe80::1, a link-local address",
            "fc00::1, a unique-local address",
            "fd12:3456::1, a unique-local address",
            "224.0.0.1, a multicast address",
            "ff02::1, a multicast address",
            "100.64.0.1, a shared (carrier-grade NAT) address",
            "0.1.2.3, in 0.0.0.0/8 (this network)",
            "255.255.255.255, a reserved or broadcast address",
            "::ffff:10.0.0.1, a private address",
            "64:ff9b::a00:1, an IPv6 form of a private address",
            "::127.0.0.1, an IPv6 form of a loopback address"
    })
    void refusesAddressesThatAreNotPublic(String literal, String kind) throws Exception {
        InetAddress address = InetAddress.getByName(literal);
        assertThat(policy.refusal(address)).isEqualTo(address.getHostAddress() + " is " + kind);
    }

    @ParameterizedTest
    @ValueSource(strings = { "93.184.215.14", "8.8.8.8", "172.32.0.1", "2606:4700::6810:84e5" })
    void letsPublicAddressesThrough(String literal) throws Exception {
        assertThat(policy.refusal(InetAddress.getByName(literal))).isNull();
    }

    @ParameterizedTest
    @ValueSource(strings = { "127.0.0.1", "10.0.0.1" })
    void letsPrivateAddressesThroughOnlyWhenOptedIn(String literal) throws Exception {
        assertThat(new AddressPolicy(true).refusal(InetAddress.getByName(literal))).isNull();
    }
}
