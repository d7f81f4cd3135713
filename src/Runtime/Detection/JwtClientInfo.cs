using System;
using System.Net;
using System.Net.Sockets;
using Microsoft.AspNetCore.Http;

namespace JwtAnalyzers.Runtime;

/// <summary>
/// Where a token was presented from: the client address and user agent. Used to count rejections per address and to
/// notice one token used from several places at once. Only digests of these values are stored or logged.
/// </summary>
/// <param name="Address">The client address (behind a proxy, configure <c>UseForwardedHeaders</c> first).</param>
/// <param name="UserAgent">The <c>User-Agent</c> header, if any.</param>
public sealed record JwtClientInfo(IPAddress? Address, string? UserAgent)
{
    /// <summary>The client of <paramref name="context"/>: <c>Connection.RemoteIpAddress</c> and the <c>User-Agent</c> header.</summary>
    /// <param name="context">The current request.</param>
    /// <returns>The client description.</returns>
    public static JwtClientInfo FromHttpContext(HttpContext context)
    {
        if (context is null)
        {
            throw new ArgumentNullException(nameof(context));
        }

        var agent = context.Request.Headers.UserAgent.ToString();
        return new JwtClientInfo(context.Connection.RemoteIpAddress, agent.Length == 0 ? null : agent);
    }

    /// <summary>The key rejections are counted under: the full address (or <c>unknown</c>).</summary>
    internal string AddressKey => Address is null ? "unknown" : Normalize(Address).ToString();

    /// <summary>
    /// The fingerprint compared for concurrent use: the address block (IPv4 /24, IPv6 /48, so a phone moving within
    /// its carrier's block is not flagged) and the user agent, hashed.
    /// </summary>
    internal string Fingerprint => RuntimeHashing.Digest(Block(Address) + "|" + (UserAgent ?? string.Empty));

    private static IPAddress Normalize(IPAddress address) => address.IsIPv4MappedToIPv6 ? address.MapToIPv4() : address;

    private static string Block(IPAddress? address)
    {
        if (address is null)
        {
            return "unknown";
        }

        var bytes = Normalize(address).GetAddressBytes();
        var keep = address.AddressFamily == AddressFamily.InterNetworkV6 && !address.IsIPv4MappedToIPv6 ? 6 : 3;
        for (var i = keep; i < bytes.Length; i++)
        {
            bytes[i] = 0;
        }

        return new IPAddress(bytes).ToString();
    }
}
