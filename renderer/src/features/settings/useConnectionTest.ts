// Settings' "Test connection": probes a URL without saving it and keeps the latest outcome. Renderer.
import { useRef, useState } from 'react';
import { fieldErrorMessage } from '../../lib/errors';
import { useStatus } from '../../stores/StoresContext';
import { describeOllamaStatus } from '../../lib/describeOllamaStatus';

export interface ConnectionTestResult {
  readonly ok: boolean;
  /** "Connected: Ollama 0.12.6 · 2 models", or why it failed. */
  readonly message: string;
}

export interface ConnectionTest {
  readonly testing: boolean;
  readonly result: ConnectionTestResult | null;
  test(url: string): void;
  clear(): void;
}

export function useConnectionTest(): ConnectionTest {
  const testOllamaUrl = useStatus((state) => state.testOllamaUrl);
  const [testing, setTesting] = useState(false);
  const [result, setResult] = useState<ConnectionTestResult | null>(null);
  // only the latest test may report: an older, slower probe must not overwrite a newer answer
  const latest = useRef(0);

  const run = async (url: string): Promise<void> => {
    const id = ++latest.current;
    setTesting(true);
    setResult(null);
    try {
      const status = await testOllamaUrl(url.trim());
      if (id !== latest.current) return;
      setResult(
        status.state === 'ready'
          ? { ok: true, message: `Connected: ${describeOllamaStatus(status)}` }
          : { ok: false, message: status.error?.message ?? describeOllamaStatus(status) },
      );
    } catch (error) {
      if (id === latest.current) setResult({ ok: false, message: fieldErrorMessage(error, 'url') });
    } finally {
      if (id === latest.current) setTesting(false);
    }
  };

  return {
    testing,
    result,
    test: (url) => void run(url),
    clear: () => {
      latest.current += 1;
      setTesting(false);
      setResult(null);
    },
  };
}
