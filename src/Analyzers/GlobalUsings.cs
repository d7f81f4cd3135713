// The two layers every rule stands on: known symbols (one object per compilation) and the value-flow engine.
global using JwtAnalyzers.Internal.Flow;
global using JwtAnalyzers.Internal.Symbols;
