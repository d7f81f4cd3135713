using System.Reflection;
using JwtAnalyzers.Internal;
using JwtAnalyzers.Internal.Symbols;
using JwtAnalyzers.Tests.Verifiers;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;

namespace JwtAnalyzers.Tests.Internal;

/// <summary>The known-symbols layer: one object per compilation, best-match type lookup, library presence.</summary>
public class KnownSymbolsTests
{
    private static MetadataReference Library(string assemblyName, string version, string source)
    {
        var compilation = CSharpCompilation.Create(
            assemblyName,
            [CSharpSyntaxTree.ParseText($"[assembly: System.Reflection.AssemblyVersion(\"{version}\")]\n" + source)],
            TestReferences.Bcl,
            new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary));
        using var stream = new MemoryStream();
        var result = compilation.Emit(stream);
        Assert.True(result.Success, string.Join("\n", result.Diagnostics));
        return MetadataReference.CreateFromImage(stream.ToArray());
    }

    [Fact]
    public void TypeDefinedInTwoAssembliesPicksTheHighestVersion()
    {
        const string Type = "namespace Microsoft.IdentityModel.Tokens { public class TokenValidationParameters { public bool ValidateLifetime { get; set; } } public abstract class SecurityToken { } }";
        var older = Library("Tokens.Old", "1.0.0.0", Type);
        var newer = Library("Tokens.New", "2.0.0.0", Type);
        var compilation = CSharpCompilation.Create("App", [CSharpSyntaxTree.ParseText("class C { }")], TestReferences.Bcl.Add(older).Add(newer));

#pragma warning disable RS0030 // The banned API is called here to show why it is banned.
        Assert.Null(compilation.GetTypeByMetadataName("Microsoft.IdentityModel.Tokens.TokenValidationParameters"));
#pragma warning restore RS0030
        var symbols = KnownSymbols.Get(compilation).IdentityModel;
        Assert.True(symbols.IsPresent);
        Assert.Equal("Tokens.New", symbols.TokenValidationParameters!.ContainingAssembly.Name);
        Assert.NotNull(symbols.TokenValidationParametersProperty("ValidateLifetime"));
    }

    [Fact]
    public void TypeDeclaredInTheCompilationWins()
    {
        var library = Library("Lib", "9.0.0.0", "namespace Jose { public static class JWT { } }");
        var compilation = CSharpCompilation.Create("App", [CSharpSyntaxTree.ParseText("namespace Jose { public static class JWT { } }")], TestReferences.Bcl.Add(library));
        Assert.Equal("App", KnownSymbols.Get(compilation).Jose.Jwt!.ContainingAssembly.Name);
    }

    [Fact]
    public void NestedGenericAndMissingTypesAreFoundByMetadataName()
    {
        var library = Library("Lib", "1.0.0.0", "namespace A.B { public class Outer { public class Inner { } public class Box<T> { } } public class Pair<T1, T2> { } public class Pair { } }");
        var compilation = CSharpCompilation.Create("App", [CSharpSyntaxTree.ParseText("class C { }")], TestReferences.Bcl.Add(library));

        Assert.Equal("Inner", compilation.GetBestTypeByMetadataName("A.B.Outer+Inner")?.Name);
        Assert.Equal(1, compilation.GetBestTypeByMetadataName("A.B.Outer+Box`1")?.Arity);
        Assert.Equal(2, compilation.GetBestTypeByMetadataName("A.B.Pair`2")?.Arity);
        Assert.Equal(0, compilation.GetBestTypeByMetadataName("A.B.Pair")?.Arity);
        Assert.Equal(SpecialType.System_String, compilation.GetBestTypeByMetadataName("System.String")?.SpecialType);
        Assert.Null(compilation.GetBestTypeByMetadataName("A.B.Pair`3"));
        Assert.Null(compilation.GetBestTypeByMetadataName("A.B.Outer+Missing"));
        Assert.Null(compilation.GetBestTypeByMetadataName("A.Missing.Outer"));
        Assert.Null(compilation.GetBestTypeByMetadataName("Blazored.LocalStorage.ILocalStorageService"));
    }

    [Fact]
    public void TypeOfAnAliasedReferenceIsFound()
    {
        // A reference under an extern alias is not in the global namespace: the lookup searches the assemblies.
        var library = Library("Aliased", "1.0.0.0", "namespace Jose { public static class JWT { } }")
            .WithAliases(["jose"]);
        var compilation = CSharpCompilation.Create("App", [CSharpSyntaxTree.ParseText("extern alias jose; class C { }")], TestReferences.Bcl.Add(library));
        Assert.Equal("Aliased", compilation.GetBestTypeByMetadataName("Jose.JWT")?.ContainingAssembly.Name);
    }

    [Fact]
    public void OneObjectPerCompilation()
    {
        var compilation = CoreTestCompilation.Create("class C { }");
        Assert.Same(KnownSymbols.Get(compilation), KnownSymbols.Get(compilation));
        Assert.Same(KnownSymbols.Get(compilation).IdentityModel, KnownSymbols.Get(compilation).IdentityModel);
        Assert.NotSame(KnownSymbols.Get(compilation), KnownSymbols.Get(compilation.AddSyntaxTrees(CSharpSyntaxTree.ParseText("class D { }"))));
    }

    [Fact]
    public void LibraryGroupsAreAbsentWithoutTheirLibrary()
    {
        var compilation = CSharpCompilation.Create("App", [CSharpSyntaxTree.ParseText("class C { }")], TestReferences.Bcl);
        var symbols = KnownSymbols.Get(compilation);
        Assert.False(symbols.IdentityModel.IsPresent);
        Assert.False(symbols.JwtNet.IsPresent);
        Assert.False(symbols.Jose.IsPresent);
        Assert.False(symbols.Authentication.IsPresent);
        Assert.False(symbols.BrowserStorage.IsPresent);
        Assert.False(symbols.Logging.IsPresent);
        Assert.True(symbols.Bcl.IsPresent);
    }

    [Fact]
    public void LibraryGroupsArePresentWithTheirLibrary()
    {
        var compilation = CSharpCompilation.Create("App", [CSharpSyntaxTree.ParseText("class C { }")],
            TestReferences.Default.AddRange(TestReferences.JwtNet).AddRange(TestReferences.JoseJwt));
        var symbols = KnownSymbols.Get(compilation);
        Assert.True(symbols.IdentityModel.IsPresent);
        Assert.True(symbols.Authentication.IsPresent);
        Assert.True(symbols.JwtNet.IsPresent);
        Assert.True(symbols.Jose.IsPresent);
        Assert.True(symbols.Logging.IsPresent);
        Assert.True(symbols.Hosting.IsPresent);
        Assert.NotEmpty(symbols.Hosting.IsDevelopmentMethods);
        Assert.NotNull(symbols.Hosting.DebuggerIsAttached);
    }
}
