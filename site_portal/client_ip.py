"""The client's IP address, for the lockout (django-axes), the login log and the rate limits.

Behind nginx every request comes from the proxy, which appends the address it saw to X-Forwarded-For.
Anyone can send that header, so it is believed only when REMOTE_ADDR is one of PORTAL_TRUSTED_PROXIES
(env TRUSTED_PROXIES: addresses or networks, comma-separated; empty = no proxy, REMOTE_ADDR is the client),
and then read from the right: the right-most address that is not itself a trusted proxy is the client.
Addresses further left were written by the client and are ignored.
"""

import ipaddress

from django.conf import settings


def _trusted_networks():
    return [ipaddress.ip_network(entry, strict=False) for entry in getattr(settings, "PORTAL_TRUSTED_PROXIES", [])]


def _address(text):
    try:
        return ipaddress.ip_address(text.strip())
    except ValueError:
        return None


def _is_trusted(address, networks):
    return any(address.version == network.version and address in network for network in networks)


def client_ip(request):
    """The client's address as a string, or None when the request has none."""
    remote = _address(request.META.get("REMOTE_ADDR") or "")
    networks = _trusted_networks()
    if remote is None or not _is_trusted(remote, networks):
        return str(remote) if remote is not None else None
    hop = remote
    for entry in reversed(request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")):
        if not entry.strip():
            continue
        address = _address(entry)
        if address is None:  # a trusted proxy passed on garbage: it is the last address we can vouch for
            return str(hop)
        hop = address
        if not _is_trusted(address, networks):
            return str(address)
    return str(hop)
