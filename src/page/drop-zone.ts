// A drop zone: highlighted while something is dragged over it; hands what is dropped on.

/** Wires `zone` so that a drop calls `onDrop` with the dropped data (the browser's own handling of it prevented). */
export function wireDropZone(zone: HTMLElement, onDrop: (data: DataTransfer | null) => void): void {
  zone.addEventListener('dragover', (e) => {
    e.preventDefault();
    zone.classList.add('over');
  });
  zone.addEventListener('dragleave', () => zone.classList.remove('over'));
  zone.addEventListener('drop', (e) => {
    e.preventDefault();
    zone.classList.remove('over');
    onDrop(e.dataTransfer);
  });
}
