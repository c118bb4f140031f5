//! The names that choices go by on the command line, in the app and in model files
//! (`sigmoid`, `adam`, `circle`, …): each named enum lists its values and their names once,
//! in a [`named!`] table, which gives it `ALL`, `name()`, `Display` and `FromStr`.

/// A name that scratchnet does not know.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("unknown {what} '{name}' (known: {known})")]
pub struct UnknownName {
    /// What kind of name: "activation", "optimizer", …
    pub what: &'static str,
    /// The name given.
    pub name: String,
    /// The names scratchnet knows, comma-separated.
    pub known: String,
}

/// Gives an enum its `ALL` list, `name()`, `Display` and `FromStr` from one table:
/// `named!(Loss, "loss", [HalfSquaredError => "half-se", MeanSquaredError => "mse"]);`
/// (serde's names are the enum's own attributes; a test pins both to the same table).
macro_rules! named {
    ($ty:ident, $what:literal, [$($variant:ident => $name:literal),+ $(,)?]) => {
        impl $ty {
            /// Every value, in the order the app lists them.
            pub const ALL: [$ty; [$($name),+].len()] = [$($ty::$variant),+];

            /// The name used on the command line and in model files.
            pub fn name(self) -> &'static str {
                match self {
                    $($ty::$variant => $name),+
                }
            }
        }

        impl std::fmt::Display for $ty {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str(self.name())
            }
        }

        impl std::str::FromStr for $ty {
            type Err = $crate::names::UnknownName;

            fn from_str(s: &str) -> Result<Self, Self::Err> {
                Self::ALL
                    .into_iter()
                    .find(|v| v.name() == s)
                    .ok_or_else(|| $crate::names::UnknownName {
                        what: $what,
                        name: s.to_string(),
                        known: Self::ALL.map(|v| v.name()).join(", "),
                    })
            }
        }
    };
}
pub(crate) use named;
