using System;
using System.Collections.Generic;
using System.Linq;
using JwtAnalyzers.Runtime.Internal;
using Microsoft.IdentityModel.Tokens;

namespace JwtAnalyzers.Runtime;

public static partial class StrictTokenValidation
{
    /// <summary>
    /// The algorithms <see cref="Create(StrictJwtOptions)"/> derives for <paramref name="keys"/>: HS256 (plus HS384
    /// from 48 bytes and HS512 from 64 bytes) for symmetric keys, RS256/384/512 and PS256/384/512 for RSA keys,
    /// ES256/384/512 by curve for EC keys. Useful to pin <see cref="TokenValidationParameters.ValidAlgorithms"/>
    /// on hand-built parameters.
    /// </summary>
    /// <param name="keys">The signing keys.</param>
    /// <returns>The JWS algorithm names, without duplicates.</returns>
    public static IReadOnlyList<string> AlgorithmsFor(params SecurityKey[] keys)
    {
        if (keys is null)
        {
            throw new ArgumentNullException(nameof(keys));
        }

        return keys.Where(k => k is not null).SelectMany(JwtAlgorithms.AlgorithmsFor).Distinct(StringComparer.Ordinal).ToList();
    }
}
