// Every measured repetition of every record as one CSV row, with what is needed to redraw the
// thesis's figures (configuration, workload, size) and to check a row (host, timer, file).
import { toCsv, type CsvOptions, type CsvValue } from './csv.js';
import { summarize } from '../stats/summary.js';
import type { LoadedRecord } from '../results/store.js';

export const EXPORT_HEADER = [
  'file',
  'started_at',
  'mintbench_version',
  'command',
  'config',
  'config_id',
  'config_name',
  'instance',
  'note',
  'host',
  'workload',
  'ratio_l',
  'ratio_m',
  'ratio_n',
  'reads_per_rep',
  'increments_per_rep',
  'copies_per_rep',
  'size_bytes',
  'device',
  'direct',
  'seed',
  'repetition',
  'ticks',
  'seconds',
  'tsc_hz',
  'timer_overhead_ticks',
  'cpu_start',
  'cpu_end',
  'outlier',
  'interrupted',
  'campaign',
  'round',
  'position',
] as const;

function exportRows(records: readonly LoadedRecord[]): CsvValue[][] {
  const rows: CsvValue[][] = [];
  for (const { file, record } of records) {
    const c = record.configuration;
    for (const run of record.runs) {
      const p = run.parameters;
      for (const series of run.series) {
        if (series.repetitions.length === 0) continue;
        // Recomputed, not read from the file: the flags then follow this version's rule.
        const { outliers } = summarize(series.repetitions.map((rep) => rep.seconds));
        series.repetitions.forEach((rep, i) => {
          rows.push([
            file,
            record.startedAt,
            record.mintbenchVersion,
            record.command,
            c.label,
            c.id,
            c.name,
            c.instance,
            c.note,
            record.machine.os.hostname,
            run.workload,
            p.ratio.reads,
            p.ratio.increments,
            p.ratio.copies,
            p.reads ?? 0,
            p.increments ?? 0,
            p.copies ?? 0,
            series.sizeBytes,
            p.device,
            p.direct,
            p.seed,
            i + 1,
            rep.ticks,
            rep.seconds,
            record.machine.tsc.calibratedHz,
            record.machine.tsc.overheadTicks,
            rep.cpuStart,
            rep.cpuEnd,
            outliers[i],
            record.interrupted,
            record.campaign?.id,
            record.campaign?.round,
            record.campaign?.position,
          ]);
        });
      }
    }
  }
  return rows;
}

export function exportCsv(records: readonly LoadedRecord[], options: CsvOptions = {}): string {
  return toCsv(EXPORT_HEADER, exportRows(records), options);
}
