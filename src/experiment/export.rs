//! The way out: a model's predictions for new data as CSV (`scratchnet predict`, File ▸
//! Predict CSV…), and the model as one self-contained Python file for NumPy or PyTorch
//! (`scratchnet export`, File ▸ Export as …), both used by the command line and the app.

use std::fmt::Write as _;

use crate::data::Dataset;
use crate::model_file::Model;
use crate::nn::argmax;

use super::ExperimentError;

/// The Python library an exported model runs on.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum PythonTarget {
    /// NumPy only: a `predict(X)` of matrix products.
    Numpy,
    /// PyTorch: an `nn.Sequential` in float64 with the weights loaded.
    Pytorch,
}

crate::names::named!(
    PythonTarget,
    "export format",
    [Numpy => "numpy", Pytorch => "pytorch"]
);

/// The header of a predictions file: the input columns, then `y_pred` (one output) or
/// `y_pred:<class>` / `y_predK` (several), then `class` when the model names its classes.
pub fn prediction_header(model: &Model, inputs: &Dataset) -> Vec<String> {
    let mut header: Vec<String> = inputs.input_names().to_vec();
    let n_out = model.network.n_outputs();
    match (&model.classes, n_out) {
        (_, 1) => header.push("y_pred".into()),
        (Some(classes), _) => header.extend(classes.iter().map(|c| format!("y_pred:{c}"))),
        (None, n) => header.extend((1..=n).map(|k| format!("y_pred{k}"))),
    }
    if model.classes.is_some() {
        header.push("class".into());
    }
    header
}

/// The model's predictions for every row of `inputs` (raw inputs, as the model was
/// trained on them: its features and standardisation are applied) as CSV: see
/// [`prediction_header`]. Numbers in shortest round-trip form.
pub fn predictions_csv(model: &Model, inputs: &Dataset) -> Result<Vec<u8>, ExperimentError> {
    let net = &model.network;
    model.preprocess.check(inputs.n_inputs())?;
    let gives = model.preprocess.n_inputs(inputs.n_inputs());
    if gives != net.n_inputs() {
        return Err(ExperimentError::InputsDiffer {
            columns: inputs.n_inputs(),
            gives,
            takes: net.n_inputs(),
        });
    }
    let mut w = csv::Writer::from_writer(Vec::new());
    w.write_record(prediction_header(model, inputs))?;
    let mut cache = net.cache();
    let mut x = Vec::new();
    let mut row = Vec::new();
    for i in 0..inputs.len() {
        model.preprocess.transform(inputs.input(i), &mut x);
        let out = net.forward(&x, &mut cache);
        row.clear();
        row.extend(inputs.input(i).iter().map(f64::to_string));
        row.extend(out.iter().map(f64::to_string));
        if let Some(classes) = &model.classes {
            row.push(classes[argmax(out)].clone());
        }
        w.write_record(&row)?;
    }
    w.into_inner()
        .map_err(|e| ExperimentError::Csv(e.into_error().into()))
}

/// A list of numbers as a Python list of exact float64 literals (Rust's shortest
/// round-trip form, which Python reads back to the same bits).
fn py_list(v: &[f64]) -> String {
    let items: Vec<String> = v.iter().map(|x| format!("{x:?}")).collect();
    format!("[{}]", items.join(", "))
}

/// A string list as Python.
fn py_strings(v: &[String]) -> String {
    let items: Vec<String> = v
        .iter()
        .map(|s| serde_json::to_string(s).unwrap_or_else(|_| "\"?\"".into()))
        .collect();
    format!("[{}]", items.join(", "))
}

/// The model as one self-contained Python file for `target`: its weights inline, its
/// features, standardisation and activations, a `predict(X)`, and a command line
/// (`python3 F.py data.csv`) that prints what `scratchnet predict` writes.
pub fn python_source(model: &Model, target: PythonTarget) -> String {
    let net = &model.network;
    let mut s = String::new();
    let layers: Vec<String> = net.layers().iter().map(usize::to_string).collect();
    let _ = writeln!(s, "#!/usr/bin/env python3");
    let _ = writeln!(
        s,
        "\"\"\"A scratchnet model, layers [{}], exported for {}.\n\n\
         Run `python3 {{this file}} data.csv` to print its predictions as CSV (the columns \
         `scratchnet predict` writes),\nor import it and call predict(X) on raw inputs \
         (n rows x {} columns).\n\"\"\"",
        layers.join(", "),
        match target {
            PythonTarget::Numpy => "NumPy",
            PythonTarget::Pytorch => "PyTorch",
        },
        if model.preprocess.features.is_empty() {
            net.n_inputs()
        } else {
            2
        },
    );
    let _ = writeln!(s, "import csv\nimport sys\n\nimport numpy as np");
    if target == PythonTarget::Pytorch {
        let _ = writeln!(s, "import torch\nfrom torch import nn");
    }
    let _ = writeln!(s);
    let acts: Vec<String> = net
        .activations()
        .iter()
        .map(|a| a.name().to_string())
        .collect();
    let _ = writeln!(s, "ACTIVATIONS = {}", py_strings(&acts));
    let _ = writeln!(
        s,
        "# WEIGHTS[l][j][i]: from node i of layer l into node j of layer l + 1."
    );
    let _ = writeln!(s, "WEIGHTS = [");
    for (l, layer) in net.nested_weights().iter().enumerate() {
        let rows: Vec<String> = layer.iter().map(|r| py_list(r)).collect();
        let _ = writeln!(
            s,
            "    np.array([{}], dtype=np.float64).reshape({}, {}),",
            rows.join(", "),
            net.layers()[l + 1],
            net.layers()[l]
        );
    }
    let _ = writeln!(s, "]");
    let _ = writeln!(s, "BIASES = [");
    for b in net.nested_biases() {
        let _ = writeln!(s, "    np.array({}, dtype=np.float64),", py_list(&b));
    }
    let _ = writeln!(s, "]");
    let features: Vec<String> = model
        .preprocess
        .features
        .iter()
        .map(|f| f.name().to_string())
        .collect();
    let _ = writeln!(
        s,
        "# The network's inputs from the raw ones (empty: the raw inputs).\nFEATURES = {}",
        py_strings(&features)
    );
    match &model.preprocess.standardize {
        Some(st) => {
            let _ = writeln!(
                s,
                "MEAN = np.array({}, dtype=np.float64)\nSTD = np.array({}, dtype=np.float64)",
                py_list(&st.mean),
                py_list(&st.std)
            );
        }
        None => {
            let _ = writeln!(s, "MEAN = None\nSTD = None");
        }
    }
    match &model.classes {
        Some(c) => {
            let _ = writeln!(s, "CLASSES = {}", py_strings(c));
        }
        None => {
            let _ = writeln!(s, "CLASSES = None");
        }
    }
    s.push_str(COMMON);
    s.push_str(match target {
        PythonTarget::Numpy => NUMPY_PREDICT,
        PythonTarget::Pytorch => TORCH_PREDICT,
    });
    s.push_str(MAIN);
    s
}

/// Features, standardisation and activations in NumPy, shared by both targets.
const COMMON: &str = r#"

def network_inputs(X):
    """The raw inputs (n x columns) as the network sees them: standardised, then the features."""
    X = np.asarray(X, dtype=np.float64)
    if MEAN is not None:
        X = (X - MEAN) / STD
    if not FEATURES:
        return X
    x1, x2 = X[:, 0], X[:, 1]
    columns = {
        "x1": x1, "x2": x2, "x1sq": x1 * x1, "x2sq": x2 * x2, "x1x2": x1 * x2,
        "sinx1": np.sin(x1), "sinx2": np.sin(x2),
    }
    return np.stack([columns[f] for f in FEATURES], axis=1)


def activate(name, s):
    """One layer's activation of its sums s (n x nodes)."""
    if name == "identity":
        return s
    if name == "sigmoid":
        return 1.0 / (1.0 + np.exp(-s))
    if name == "tanh":
        return np.tanh(s)
    if name == "relu":
        return np.maximum(s, 0.0)
    if name == "leaky-relu":
        return np.where(s > 0.0, s, 0.01 * s)
    if name == "elu":
        return np.where(s > 0.0, s, np.expm1(np.minimum(s, 0.0)))
    if name == "softplus":
        return np.maximum(s, 0.0) + np.log1p(np.exp(-np.abs(s)))
    if name == "swish":
        return s / (1.0 + np.exp(-s))
    if name == "sine":
        return np.sin(s)
    if name == "softmax":
        e = np.exp(s - s.max(axis=1, keepdims=True))
        return e / e.sum(axis=1, keepdims=True)
    raise ValueError("unknown activation " + name)
"#;

const NUMPY_PREDICT: &str = r#"

def predict(X):
    """The network's outputs for raw inputs X (n x columns): an n x outputs array."""
    A = network_inputs(X)
    for W, b, act in zip(WEIGHTS, BIASES, ACTIVATIONS):
        A = activate(act, A @ W.T + b)
    return A
"#;

const TORCH_PREDICT: &str = r#"

class Activation(nn.Module):
    """A scratchnet activation as a module (the same formulas as network_inputs' NumPy)."""

    def __init__(self, name):
        super().__init__()
        self.name = name

    def forward(self, s):
        n = self.name
        if n == "identity":
            return s
        if n == "sigmoid":
            return torch.sigmoid(s)
        if n == "tanh":
            return torch.tanh(s)
        if n == "relu":
            return torch.relu(s)
        if n == "leaky-relu":
            return torch.nn.functional.leaky_relu(s, 0.01)
        if n == "elu":
            return torch.nn.functional.elu(s)
        if n == "softplus":
            return torch.clamp(s, min=0.0) + torch.log1p(torch.exp(-s.abs()))
        if n == "swish":
            return torch.nn.functional.silu(s)
        if n == "sine":
            return torch.sin(s)
        if n == "softmax":
            return torch.softmax(s, dim=1)
        raise ValueError("unknown activation " + n)


def build():
    """The network as an nn.Sequential in float64, the weights loaded."""
    layers = []
    for W, b, act in zip(WEIGHTS, BIASES, ACTIVATIONS):
        linear = nn.Linear(W.shape[1], W.shape[0]).double()
        with torch.no_grad():
            linear.weight.copy_(torch.from_numpy(W))
            linear.bias.copy_(torch.from_numpy(b))
        layers += [linear, Activation(act)]
    return nn.Sequential(*layers)


MODEL = build()


def predict(X):
    """The network's outputs for raw inputs X (n x columns): an n x outputs array."""
    with torch.no_grad():
        return MODEL(torch.from_numpy(network_inputs(X))).numpy()
"#;

const MAIN: &str = r#"

def main(path):
    """Prints the predictions for a CSV's input columns (names starting with x, file order)."""
    with open(path, newline="") as f:
        rows = list(csv.reader(f))
    header = [h.strip() for h in rows[0]]
    inputs = [i for i, h in enumerate(header) if h[:1] in ("x", "X")]
    X = np.array([[float(r[i]) for i in inputs] for r in rows[1:] if r], dtype=np.float64)
    P = predict(X)
    names = [header[i] for i in inputs]
    if P.shape[1] == 1:
        names.append("y_pred")
    elif CLASSES is not None:
        names += ["y_pred:" + c for c in CLASSES]
    else:
        names += ["y_pred%d" % (k + 1) for k in range(P.shape[1])]
    if CLASSES is not None:
        names.append("class")
    out = csv.writer(sys.stdout, lineterminator="\n")
    out.writerow(names)
    for x, p in zip(X, P):
        row = [repr(float(v)) for v in x] + [repr(float(v)) for v in p]
        if CLASSES is not None:
            row.append(CLASSES[int(np.argmax(p))])
        out.writerow(row)


if __name__ == "__main__":
    if len(sys.argv) != 2:
        sys.exit("usage: python3 " + sys.argv[0] + " data.csv")
    main(sys.argv[1])
"#;

#[cfg(test)]
mod tests {
    use super::*;
    use crate::nn::Activation;

    #[test]
    fn the_python_knows_every_activation_and_feature() {
        for a in Activation::ALL {
            let quoted = format!("\"{}\"", a.name());
            assert!(COMMON.contains(&quoted), "NumPy: {a}");
            assert!(TORCH_PREDICT.contains(&quoted), "PyTorch: {a}");
        }
        for f in crate::data::Feature::ALL {
            assert!(COMMON.contains(&format!("\"{}\":", f.name())), "{f}");
        }
    }

    #[test]
    fn numbers_are_written_as_exact_python_floats() {
        assert_eq!(
            py_list(&[0.1, -2.0, 1e-300, 1.0 / 3.0]),
            "[0.1, -2.0, 1e-300, 0.3333333333333333]"
        );
        assert_eq!(py_strings(&["a\"b".into()]), "[\"a\\\"b\"]");
    }
}
