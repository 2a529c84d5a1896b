//! The evaluator export as one ZIP archive: every file under one folder, so
//! unpacking it never scatters files, stored uncompressed (the files are
//! small text; no compression codec is compiled in).

use crate::AppError;
use std::io::Write;

fn zip_error(e: impl std::fmt::Display) -> AppError {
    AppError::internal(format!("cannot write the evaluation archive: {e}"))
}

/// The moment as a ZIP entry's time (UTC, two-second steps); the format's
/// range is 1980–2107, so a clock outside it gives the format's first moment.
fn entry_time(at_ms: i64) -> zip::DateTime {
    time::OffsetDateTime::from_unix_timestamp(at_ms.div_euclid(1000))
        .ok()
        .and_then(|t| {
            zip::DateTime::from_date_and_time(
                u16::try_from(t.year()).ok()?,
                u8::from(t.month()),
                t.day(),
                t.hour(),
                t.minute(),
                t.second(),
            )
            .ok()
        })
        .unwrap_or_default()
}

/// The archive of `files` (name, contents), each under `folder/`.
pub fn write(folder: &str, files: &[(String, Vec<u8>)], at_ms: i64) -> Result<Vec<u8>, AppError> {
    let mut zip = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    let options = zip::write::SimpleFileOptions::default()
        .compression_method(zip::CompressionMethod::Stored)
        .last_modified_time(entry_time(at_ms))
        .unix_permissions(0o644);
    for (name, bytes) in files {
        zip.start_file(format!("{folder}/{name}"), options).map_err(zip_error)?;
        zip.write_all(bytes).map_err(zip_error)?;
    }
    Ok(zip.finish().map_err(zip_error)?.into_inner())
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::Read;

    #[test]
    fn every_file_is_under_the_folder_and_reads_back_unchanged() {
        let files = vec![("a.csv".to_string(), b"x,y\r\n".to_vec()), ("b.md".to_string(), "ë".as_bytes().to_vec())];
        let bytes = write("verbinding-evaluation-7", &files, 1_773_480_600_000).expect("zip");
        let mut archive = zip::ZipArchive::new(std::io::Cursor::new(bytes)).expect("read");
        assert_eq!(archive.len(), 2);
        for (name, contents) in &files {
            let mut entry = archive.by_name(&format!("verbinding-evaluation-7/{name}")).expect("entry");
            let mut back = Vec::new();
            entry.read_to_end(&mut back).expect("contents");
            assert_eq!(&back, contents);
        }
    }

    #[test]
    fn the_entry_time_is_the_moment_of_the_export() {
        let t = entry_time(1_773_480_600_000);
        assert_eq!((t.year(), t.month(), t.day(), t.hour(), t.minute()), (2026, 3, 14, 9, 30));
        assert_eq!(entry_time(0), zip::DateTime::default(), "before 1980: the format's first moment");
    }
}
