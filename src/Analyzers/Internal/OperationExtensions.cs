using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;

namespace JwtAnalyzers.Internal;

internal static class OperationExtensions
{
    /// <summary>Strips implicit and explicit conversions (and delegate creations' wrappers are left to the caller).</summary>
    public static IOperation WalkDownConversion(this IOperation operation)
    {
        while (operation is IConversionOperation conversion)
        {
            operation = conversion.Operand;
        }

        return operation;
    }

    /// <summary>The outermost operation of the executable code that contains <paramref name="operation"/> (a method body, a field initializer, ...).</summary>
    public static IOperation GetRoot(this IOperation operation)
    {
        while (operation.Parent is not null)
        {
            operation = operation.Parent;
        }

        return operation;
    }

    /// <summary>True when <paramref name="property"/> is <paramref name="expected"/> or overrides it.</summary>
    public static bool IsOrOverrides(this IPropertySymbol? property, IPropertySymbol? expected)
    {
        if (expected is null)
        {
            return false;
        }

        while (property is not null)
        {
            if (SymbolEqualityComparer.Default.Equals(property.OriginalDefinition, expected))
            {
                return true;
            }

            property = property.OverriddenProperty;
        }

        return false;
    }

    public static bool IsOrInheritsFrom(this ITypeSymbol? type, INamedTypeSymbol? expected)
    {
        if (expected is null)
        {
            return false;
        }

        while (type is not null)
        {
            if (SymbolEqualityComparer.Default.Equals(type.OriginalDefinition, expected))
            {
                return true;
            }

            type = type.BaseType;
        }

        return false;
    }
}
