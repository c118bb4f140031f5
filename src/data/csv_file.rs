//! CSV files with a header row: columns named `x…` are inputs, `y…` targets, in file order;
//! or, for classification, one column named `label` (integers or any text) whose classes
//! become one-hot targets `y:<class>`, classes in order (numerically for integers).

use std::fs::File;
use std::io::{Read, Write};
use std::path::Path;
use std::sync::atomic::{AtomicU64, Ordering};

use super::{DataError, Dataset};

/// Reads a dataset from a CSV file.
pub fn read_csv(path: &Path) -> Result<Dataset, DataError> {
    read_csv_classes(path, None)
}

/// Reads a dataset from a CSV file; a `label` column's classes are `classes` when given
/// (a test file takes its training file's, in the same order), an unknown one an error.
pub fn read_csv_classes(path: &Path, classes: Option<&[String]>) -> Result<Dataset, DataError> {
    read_csv_counting(path, classes, &AtomicU64::new(0))
}

/// [`read_csv_classes`], adding the bytes read to `read` as it goes (for a progress bar).
pub fn read_csv_counting(
    path: &Path,
    classes: Option<&[String]>,
    read: &AtomicU64,
) -> Result<Dataset, DataError> {
    let file = File::open(path).map_err(|source| DataError::Io {
        path: path.to_path_buf(),
        source,
    })?;
    read_csv_from_classes(Counting { inner: file, read }, path, classes)
}

/// A reader that counts the bytes that pass.
struct Counting<'a, R> {
    inner: R,
    read: &'a AtomicU64,
}

impl<R: Read> Read for Counting<'_, R> {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        let n = self.inner.read(buf)?;
        self.read.fetch_add(n as u64, Ordering::Relaxed);
        Ok(n)
    }
}

/// Reads a dataset from any reader; `path` names it in error messages.
pub fn read_csv_from<R: Read>(reader: R, path: &Path) -> Result<Dataset, DataError> {
    read_csv_from_classes(reader, path, None)
}

/// Reads only the input columns (`x…`, in file order) of a CSV file — data to predict,
/// which may have no targets. The dataset has no target columns.
pub fn read_csv_inputs(path: &Path) -> Result<Dataset, DataError> {
    let fail = |why: String| DataError::Csv {
        path: path.to_path_buf(),
        why,
    };
    let file = File::open(path).map_err(|source| DataError::Io {
        path: path.to_path_buf(),
        source,
    })?;
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(true)
        .trim(csv::Trim::All)
        .from_reader(file);
    let headers = reader.headers().map_err(|e| fail(describe(&e)))?.clone();
    let (columns, names): (Vec<usize>, Vec<String>) = headers
        .iter()
        .enumerate()
        .filter(|(_, n)| n.starts_with(['x', 'X']))
        .map(|(i, n)| (i, n.to_string()))
        .unzip();
    if columns.is_empty() {
        return Err(fail(
            "no input column (input columns' names start with 'x')".into(),
        ));
    }
    let mut data = Dataset::new(names, Vec::new());
    let mut x = vec![0.0; columns.len()];
    for record in reader.records() {
        let record = record.map_err(|e| fail(describe(&e)))?;
        let line = record.position().map_or(0, |p| p.line());
        for (slot, &col) in x.iter_mut().zip(&columns) {
            *slot = finite(&record[col], &headers[col], line).map_err(fail)?;
        }
        data.push(&x, &[]);
    }
    if data.is_empty() {
        return Err(fail("no data rows under the header".into()));
    }
    Ok(data)
}

/// The classes of a dataset read from a `label` column (its targets' names without
/// their `y:`), or `None`.
pub fn label_classes(data: &Dataset) -> Option<Vec<String>> {
    let names = data.target_names();
    names
        .iter()
        .map(|n| n.strip_prefix("y:").map(str::to_string))
        .collect::<Option<Vec<_>>>()
        .filter(|c| c.len() >= 2)
}

/// [`read_csv_from`], with the classes of a `label` column given or found.
fn read_csv_from_classes<R: Read>(
    reader: R,
    path: &Path,
    classes: Option<&[String]>,
) -> Result<Dataset, DataError> {
    let fail = |why: String| DataError::Csv {
        path: path.to_path_buf(),
        why,
    };
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(true)
        .trim(csv::Trim::All)
        .from_reader(reader);
    let headers = reader.headers().map_err(|e| fail(describe(&e)))?.clone();
    if headers.iter().all(str::is_empty) {
        return Err(fail(
            "the file is empty (it needs a header row such as x1,x2,y)".into(),
        ));
    }
    let starts = |c: char| {
        move |(_, name): &(usize, &str)| {
            name.starts_with(c) || name.starts_with(c.to_ascii_uppercase())
        }
    };
    let (inputs, input_names): (Vec<usize>, Vec<String>) = headers
        .iter()
        .enumerate()
        .filter(starts('x'))
        .map(|(i, n)| (i, n.to_string()))
        .unzip();
    let (targets, target_names): (Vec<usize>, Vec<String>) = headers
        .iter()
        .enumerate()
        .filter(starts('y'))
        .map(|(i, n)| (i, n.to_string()))
        .unzip();
    for names in [&input_names, &target_names] {
        if let Some((_, name)) = names
            .iter()
            .enumerate()
            .find(|(i, name)| names[..*i].contains(name))
        {
            return Err(fail(format!("column '{name}' appears twice in the header")));
        }
    }
    if inputs.is_empty() {
        return Err(fail(
            "no input column (input columns' names start with 'x')".into(),
        ));
    }
    let label = headers
        .iter()
        .position(|name| name.eq_ignore_ascii_case("label"));
    if let Some(label) = label {
        if !targets.is_empty() {
            return Err(fail(
                "both a 'label' column and target columns (y…): keep one of them".into(),
            ));
        }
        return read_labelled(
            reader,
            &headers,
            (&inputs, input_names, label),
            classes,
            fail,
        );
    }
    if targets.is_empty() {
        return Err(fail(
            "no target column (target columns' names start with 'y', or a class column \
             named 'label')"
                .into(),
        ));
    }

    let mut data = Dataset::new(input_names, target_names);
    let mut x = vec![0.0; inputs.len()];
    let mut y = vec![0.0; targets.len()];
    for record in reader.records() {
        let record = record.map_err(|e| fail(describe(&e)))?;
        let line = record.position().map_or(0, |p| p.line());
        let cell = |col: usize| -> Result<f64, DataError> {
            let text = &record[col];
            if text.is_empty() {
                return Err(fail(format!(
                    "line {line}, column '{}': the cell is empty",
                    &headers[col]
                )));
            }
            let value: f64 = text.parse().map_err(|_| {
                fail(format!(
                    "line {line}, column '{}': '{text}' is not a number",
                    &headers[col]
                ))
            })?;
            if !value.is_finite() {
                return Err(fail(format!(
                    "line {line}, column '{}': '{text}' is not a finite number",
                    &headers[col]
                )));
            }
            Ok(value)
        };
        for (slot, &col) in x.iter_mut().zip(&inputs) {
            *slot = cell(col)?;
        }
        for (slot, &col) in y.iter_mut().zip(&targets) {
            *slot = cell(col)?;
        }
        data.push(&x, &y);
    }
    if data.is_empty() {
        return Err(fail("no data rows under the header".into()));
    }
    Ok(data)
}

/// The rows of a file with a `label` column: inputs as numbers, the label as a class.
fn read_labelled<R: Read>(
    mut reader: csv::Reader<R>,
    headers: &csv::StringRecord,
    (inputs, input_names, label): (&[usize], Vec<String>, usize),
    classes: Option<&[String]>,
    fail: impl Fn(String) -> DataError,
) -> Result<Dataset, DataError> {
    let mut rows: Vec<(Vec<f64>, String)> = Vec::new();
    for record in reader.records() {
        let record = record.map_err(|e| fail(describe(&e)))?;
        let line = record.position().map_or(0, |p| p.line());
        let mut x = Vec::with_capacity(inputs.len());
        for &col in inputs {
            x.push(finite(&record[col], &headers[col], line).map_err(&fail)?);
        }
        let class = record[label].to_string();
        if class.is_empty() {
            return Err(fail(format!(
                "line {line}, column 'label': the cell is empty"
            )));
        }
        rows.push((x, class));
    }
    if rows.is_empty() {
        return Err(fail("no data rows under the header".into()));
    }
    let classes: Vec<String> = match classes {
        Some(c) => c.to_vec(),
        None => {
            let mut found: Vec<String> = rows.iter().map(|(_, c)| c.clone()).collect();
            found.sort();
            found.dedup();
            // Integers in numeric order (2 before 10), other text alphabetically.
            if found.iter().all(|c| c.parse::<i64>().is_ok()) {
                found.sort_by_key(|c| c.parse::<i64>().unwrap_or(0));
            }
            found
        }
    };
    if classes.len() < 2 {
        return Err(fail(format!(
            "the 'label' column has one class ({}): classification needs two or more",
            classes.first().map_or("", String::as_str)
        )));
    }
    let mut data = Dataset::new(
        input_names,
        classes.iter().map(|c| format!("y:{c}")).collect(),
    );
    let mut target = vec![0.0; classes.len()];
    for (x, class) in &rows {
        let k = classes.iter().position(|c| c == class).ok_or_else(|| {
            fail(format!(
                "class '{class}' is not one of the training data's ({})",
                classes.join(", ")
            ))
        })?;
        target.fill(0.0);
        target[k] = 1.0;
        data.push(x, &target);
    }
    Ok(data)
}

/// A cell's finite number, or what is wrong with it (naming its line and column).
fn finite(text: &str, column: &str, line: u64) -> Result<f64, String> {
    text.parse()
        .ok()
        .filter(|v: &f64| v.is_finite())
        .ok_or_else(|| format!("line {line}, column '{column}': '{text}' is not a finite number"))
}

/// Turns a csv error into a sentence with its line.
fn describe(e: &csv::Error) -> String {
    match e.kind() {
        csv::ErrorKind::UnequalLengths {
            pos,
            expected_len,
            len,
        } => format!(
            "line {}: {len} cells where the header has {expected_len}",
            pos.as_ref().map_or(0, |p| p.line())
        ),
        csv::ErrorKind::Utf8 { pos, .. } => format!(
            "line {}: not valid UTF-8 text",
            pos.as_ref().map_or(0, |p| p.line())
        ),
        _ => e.to_string(),
    }
}

/// Writes a dataset as CSV with a header row (inputs, then targets).
pub fn write_csv<W: Write>(data: &Dataset, writer: W) -> Result<(), csv::Error> {
    let mut w = csv::Writer::from_writer(writer);
    w.write_record(data.input_names().iter().chain(data.target_names()))?;
    let mut row = Vec::with_capacity(data.n_inputs() + data.n_targets());
    for i in 0..data.len() {
        row.clear();
        row.extend(
            data.input(i)
                .iter()
                .chain(data.target(i))
                .map(f64::to_string),
        );
        w.write_record(&row)?;
    }
    w.flush()?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(text: &str) -> Result<Dataset, DataError> {
        read_csv_from(text.as_bytes(), Path::new("test.csv"))
    }

    fn error(text: &str) -> String {
        parse(text).unwrap_err().to_string()
    }

    #[test]
    fn x_columns_are_inputs_and_y_columns_targets_in_file_order() {
        let d = parse("y2,x1,id,x2,y1\n1,2,7,3,4\n5,6,8,7,8\n").unwrap();
        assert_eq!(d.input_names(), ["x1", "x2"]);
        assert_eq!(d.target_names(), ["y2", "y1"]);
        assert_eq!(d.input(1), &[6.0, 7.0]);
        assert_eq!(d.target(1), &[5.0, 8.0]);
    }

    #[test]
    fn written_csv_reads_back_to_the_same_numbers() {
        let mut d = Dataset::new(vec!["x1".into()], vec!["y1".into(), "y2".into()]);
        d.push(&[0.1 + 0.2], &[1e-300, -2.5e17]);
        d.push(&[-0.0], &[std::f64::consts::PI, 7.0]);
        let mut bytes = Vec::new();
        write_csv(&d, &mut bytes).unwrap();
        assert_eq!(parse(std::str::from_utf8(&bytes).unwrap()).unwrap(), d);
    }

    #[test]
    fn an_empty_file_is_refused_with_its_name() {
        let e = error("");
        assert!(e.starts_with("test.csv:") && e.contains("empty"), "{e}");
    }

    #[test]
    fn a_header_without_rows_is_refused() {
        assert!(error("x1,y\n").contains("no data rows"));
    }

    #[test]
    fn a_ragged_row_is_refused_with_its_line() {
        let e = error("x1,x2,y\n1,2,3\n4,5\n");
        assert!(e.contains("line 3") && e.contains("2 cells"), "{e}");
    }

    #[test]
    fn a_non_numeric_cell_is_refused_with_line_and_column() {
        let e = error("x1,y\n1,2\nabc,3\n");
        assert!(
            e.contains("line 3") && e.contains("'x1'") && e.contains("abc"),
            "{e}"
        );
    }

    #[test]
    fn non_finite_cells_are_refused() {
        for bad in ["NaN", "inf", "-inf", "1e400"] {
            let e = error(&format!("x1,y\n1,{bad}\n"));
            assert!(e.contains("not a finite number"), "{bad}: {e}");
        }
    }

    #[test]
    fn files_without_inputs_or_targets_are_refused() {
        assert!(error("a,y\n1,2\n").contains("no input column"));
        assert!(error("x1,b\n1,2\n").contains("no target column"));
    }

    #[test]
    fn a_byte_order_mark_and_windows_line_ends_are_read_as_plain_csv() {
        let d = parse("\u{feff}x1,x2,y\r\n1,2,3\r\n4,5,6\r\n").unwrap();
        assert_eq!(d.input_names(), ["x1", "x2"]);
        assert_eq!(d.target_names(), ["y"]);
        assert_eq!(
            (d.len(), d.input(1), d.target(1)),
            (2, &[4.0, 5.0][..], &[6.0][..])
        );
    }

    #[test]
    fn quoted_cells_and_spaces_around_numbers_are_numbers() {
        let d = parse("\"x1\", x2 ,\"y\"\n\"1.5\", -2e-3 ,\" 7 \"\n").unwrap();
        assert_eq!(d.input_names(), ["x1", "x2"]);
        assert_eq!((d.input(0), d.target(0)), (&[1.5, -2e-3][..], &[7.0][..]));
    }

    #[test]
    fn upper_case_column_names_are_inputs_and_targets_too() {
        let d = parse("X1,Y,x2\n1,2,3\n").unwrap();
        assert_eq!(d.input_names(), ["X1", "x2"]);
        assert_eq!(d.target_names(), ["Y"]);
        assert_eq!((d.input(0), d.target(0)), (&[1.0, 3.0][..], &[2.0][..]));
    }

    #[test]
    fn an_empty_cell_is_refused_with_line_and_column() {
        let e = error("x1,x2,y\n1,2,3\n4,,6\n");
        assert!(
            e.contains("line 3") && e.contains("'x2'") && e.contains("empty"),
            "{e}"
        );
    }

    #[test]
    fn a_column_name_that_appears_twice_is_refused() {
        let e = error("x1,x1,y\n1,2,3\n");
        assert!(e.contains("'x1'") && e.contains("twice"), "{e}");
        let e = error("x1,y,y\n1,2,3\n");
        assert!(e.contains("'y'") && e.contains("twice"), "{e}");
        assert!(
            parse("x1,y,id,id\n1,2,3,4\n").is_ok(),
            "other columns are ignored"
        );
    }

    #[test]
    fn text_that_is_not_utf8_is_refused_with_its_line() {
        let bytes = b"x1,y\n1,2\n3,\xff\n";
        let e = read_csv_from(&bytes[..], Path::new("latin.csv"))
            .unwrap_err()
            .to_string();
        assert_eq!(e, "latin.csv: line 3: not valid UTF-8 text");
    }

    #[test]
    fn a_missing_file_names_the_file() {
        let e = read_csv(Path::new("/nonexistent/data.csv"))
            .unwrap_err()
            .to_string();
        assert!(e.starts_with("/nonexistent/data.csv:"), "{e}");
    }

    #[test]
    fn a_label_column_becomes_one_hot_classes_in_order() {
        let text = "x1,x2,label\n0,1,10\n1,0,2\n2,2,10\n3,1,7\n";
        let d = read_csv_from(text.as_bytes(), Path::new("l.csv")).unwrap();
        assert_eq!(
            d.target_names(),
            ["y:2", "y:7", "y:10"],
            "integers in numeric order"
        );
        assert_eq!(d.target(0), [0.0, 0.0, 1.0]);
        assert_eq!(d.target(1), [1.0, 0.0, 0.0]);
        assert_eq!(label_classes(&d).unwrap(), ["2", "7", "10"]);
        let words = "x1,label\n0,dog\n1,cat\n2,dog\n";
        let d = read_csv_from(words.as_bytes(), Path::new("w.csv")).unwrap();
        assert_eq!(d.target_names(), ["y:cat", "y:dog"]);
        // A test file takes the training file's classes; an unknown one is refused.
        let cats = ["cat".to_string(), "dog".to_string(), "fox".to_string()];
        let test = read_csv_from_classes(
            "x1,label\n5,fox\n".as_bytes(),
            Path::new("t.csv"),
            Some(&cats),
        )
        .unwrap();
        assert_eq!(test.target(0), [0.0, 0.0, 1.0]);
        let err = read_csv_from_classes(
            "x1,label\n5,owl\n".as_bytes(),
            Path::new("t.csv"),
            Some(&cats),
        )
        .unwrap_err();
        assert!(
            err.to_string()
                .contains("class 'owl' is not one of the training data's (cat, dog, fox)"),
            "{err}"
        );
        let one = read_csv_from("x1,label\n0,a\n1,a\n".as_bytes(), Path::new("o.csv")).unwrap_err();
        assert!(one.to_string().contains("one class (a)"), "{one}");
        let both = read_csv_from("x1,y,label\n0,1,a\n".as_bytes(), Path::new("b.csv")).unwrap_err();
        assert!(both.to_string().contains("keep one of them"), "{both}");
    }

    #[test]
    fn reading_counts_every_byte_of_the_file() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("c.csv");
        let text = "x1,x2,y\n1,2,3\n4,5,6\n";
        std::fs::write(&path, text).unwrap();
        let read = AtomicU64::new(0);
        let d = read_csv_counting(&path, None, &read).unwrap();
        assert_eq!(d.len(), 2);
        assert_eq!(read.load(Ordering::Relaxed), text.len() as u64);
    }

    #[test]
    fn labelled_and_input_only_files_read_their_numbers_and_refuse_text() {
        let d = read_csv_from(
            "x1,x2,label\n0.5,-2,a\n3,4.25,b\n".as_bytes(),
            Path::new("l.csv"),
        )
        .unwrap();
        assert_eq!(
            (d.input(0), d.input(1)),
            (&[0.5, -2.0][..], &[3.0, 4.25][..])
        );
        let bad =
            read_csv_from("x1,label\n0.5,a\nnope,b\n".as_bytes(), Path::new("l.csv")).unwrap_err();
        assert!(
            bad.to_string()
                .contains("line 3, column 'x1': 'nope' is not a finite number"),
            "{bad}"
        );
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("in.csv");
        std::fs::write(&path, "x1,note,X2\n1.5,a,-7\n2,b,inf\n").unwrap();
        let err = read_csv_inputs(&path).unwrap_err();
        assert!(
            err.to_string().contains("'inf' is not a finite number"),
            "{err}"
        );
        std::fs::write(&path, "x1,note,X2\n1.5,a,-7\n2,b,0.25\n").unwrap();
        let d = read_csv_inputs(&path).unwrap();
        assert_eq!(d.input_names(), ["x1", "X2"]);
        assert_eq!(
            (d.input(0), d.input(1)),
            (&[1.5, -7.0][..], &[2.0, 0.25][..])
        );
        assert_eq!(d.n_targets(), 0);
    }
}
