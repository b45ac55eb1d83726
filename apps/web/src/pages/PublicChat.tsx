import { useParams } from 'react-router';

export function PublicChat() {
  const { workflowId } = useParams();
  return (
    <main className="page" data-testid="public-chat">
      <h1>Chat</h1>
      <p>Workflow {workflowId}</p>
    </main>
  );
}
